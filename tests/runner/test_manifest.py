"""What a report was built from (lscb_analysis.runner.manifest): input hashes, code hash, git state."""

from __future__ import annotations

from lscb_analysis.runner.manifest import code_hash, fingerprint, git_state, input_hashes


def test_input_hashes_cover_the_area_and_published_statistics_only(tmp_path):
    (tmp_path / "a" / "sub").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    (tmp_path / "dfe").mkdir()
    (tmp_path / "a" / "sub" / "x.csv").write_bytes(b"abc")
    (tmp_path / "b" / "y.csv").write_bytes(b"other area")
    (tmp_path / "dfe" / "z.csv").write_bytes(b"")
    h = input_hashes(tmp_path, "a")
    # SHA-256 of "abc" and of the empty file, as published in FIPS 180-2 and everywhere else
    assert h == {"a/sub/x.csv": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                 "dfe/z.csv": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}
    (tmp_path / "b" / "y.csv").write_bytes(b"changed")
    assert input_hashes(tmp_path, "a") == h  # another area's files do not affect this one


def test_code_hash_changes_with_content_not_with_caches(tmp_path):
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pkg" / "m.py").write_text("x = 1\n")
    before = code_hash([tmp_path / "pkg"])
    (tmp_path / "pkg" / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\0")
    assert code_hash([tmp_path / "pkg"]) == before
    (tmp_path / "pkg" / "m.py").write_text("x = 2\n")
    assert code_hash([tmp_path / "pkg"]) != before


def test_git_state_outside_a_checkout(tmp_path):
    assert git_state(tmp_path) == {"commit": None, "clean": None}


def test_the_fingerprint_changes_with_any_parameter():
    base = dict(inputs={"a": "1"}, code={"git_commit": None}, sections=["01_a.ipynb"], packages={}, kernel="k")
    assert fingerprint(parameters={"trend_years": 5}, **base) == fingerprint(parameters={"trend_years": 5}, **base)
    assert fingerprint(parameters={"trend_years": 5}, **base) != fingerprint(parameters={"trend_years": 3}, **base)
