import pandas as pd
import pytest

from lscb_analysis.inputs import clean


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_read_table_rows_and_header_normalised(tmp_path):
    p = write(tmp_path, "x.csv", " Child ID ,DATE\n1,2024-04-01\n\n2,01/04/2024\n")
    log = clean.Rejections()
    df = clean.read_table(p, log)
    assert list(df.columns) == ["child id", "date", "_row"]
    assert df["_row"].tolist() == [2, 4]  # the blank row 3 is counted and logged
    assert log.read["x.csv"] == 3
    assert log.to_frame()["reason"].tolist() == ["blank row"]


def test_read_table_bom_and_cp1252(tmp_path):
    log = clean.Rejections()
    df = clean.read_table(write(tmp_path, "a.csv", "\ufeffname\nZoë\n"), log)
    assert df.columns[0] == "name" and df["name"].iloc[0] == "Zoë"
    df = clean.read_table(write(tmp_path, "b.csv", "name\nZoë\n", encoding="cp1252"), log)
    assert df["name"].iloc[0] == "Zoë"
    assert any("cp1252" in n["note"] for n in log.notes)


@pytest.mark.parametrize("content,message", [
    (b"", "is empty"),
    (b"%PDF-1.4 ...", "is a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel"),
    (b"a,b,a\n1,2,3\n", "has the column 'a' twice"),
])
def test_read_table_clear_errors(tmp_path, content, message):
    p = tmp_path / "bad.csv"
    p.write_bytes(content)
    with pytest.raises(clean.InputError, match=f"file bad.csv: .*{message}"):
        clean.read_table(p)


def test_header_not_on_first_row(tmp_path):
    p = write(tmp_path, "h.csv", "Extract run 01/04/2025,,\n,,\nchild_id,contact_date,x\n7,2024-05-01,1\n")
    log = clean.Rejections()
    df = clean.read_table(p, log, header_hint=["child_id"])
    assert df["child_id"].tolist() == ["7"] and df["_row"].tolist() == [4]
    assert any("header found on row 3" in n["note"] for n in log.notes)


def test_require_columns_names_file_and_column(tmp_path):
    df = pd.DataFrame({"a": ["1"], "_row": [2]})
    with pytest.raises(clean.InputError, match="file f.csv, column b: is missing the required column 'b'"):
        clean.require_columns(df, ["a", "b"], "f.csv")
    out = clean.require_columns(pd.DataFrame({"Child Unique ID": [], "_row": []}).rename(columns=str.lower),
                                ["child_id"], "c.csv", aliases={"child_id": ["child unique id"]})
    assert "child_id" in out.columns


def test_parse_dates_mixed_formats_and_bad_values():
    df = pd.DataFrame({"d": ["2024-04-01", "01/04/2024", "45383", "31/02/2024", "", "next tuesday", "2099-01-01"],
                       "_row": range(2, 9)})
    log = clean.Rejections()
    out = clean.parse_dates(df, "d", "f.csv", log, not_after=pd.Timestamp("2026-01-01"))
    assert out.iloc[:3].tolist() == [pd.Timestamp("2024-04-01")] * 3  # Excel serial 45383 is 1 April 2024
    assert out.iloc[3:].isna().all()
    reasons = dict(zip(log.to_frame()["row"], log.to_frame()["reason"]))
    assert reasons[5].startswith("not a valid date")
    assert reasons[6] == "missing required date"
    assert reasons[7].startswith("not a valid date")
    assert reasons[8].startswith("date is after")


def test_normalise_codes_annex_a_labels():
    s = pd.Series(["a) Neglect", " neg ", "NEG", "Emotional  abuse", "zzz"])
    out = clean.normalise_codes(s, {"neglect": "NEG", "emotional abuse": "EMO"})
    assert out.tolist() == ["NEG", "NEG", "NEG", "EMO", "ZZZ"]


def test_dedupe_and_reconciliation():
    df = pd.DataFrame({"id": ["1", "1", "2"], "d": ["x", "x", "y"], "_row": [2, 3, 4]})
    log = clean.Rejections()
    log.record_read("f.csv", 3)
    clean.dedupe(df, ["id", "d"], "f.csv", log)
    kept = log.apply(df, "f.csv")
    assert kept["_row"].tolist() == [2, 4]
    rec = log.to_frame().iloc[0]
    assert rec["row"] == 3 and rec["value"] == "first seen on row 2"
    s = log.summary().iloc[0]
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"], s["reconciles"]) == (3, 2, 1, True)


def test_id_text_and_pseudonymise():
    ids = pd.Series(["10.0", " 10", "11", ""])
    assert clean.id_text(ids).tolist() == ["10", "10", "11", ""]
    p = clean.pseudonymise(ids, key=b"secret")
    assert p.iloc[0] == p.iloc[1] != p.iloc[2]
    assert p.iloc[3] == ""
    assert len(p.iloc[0]) == 13 and p.iloc[0].startswith("P")
    assert clean.pseudonymise(ids, key=b"other").iloc[0] != p.iloc[0]


@pytest.mark.parametrize("key", [b"", b"k", b"0" * 63, b"1" * 64, b"2" * 65, bytes(range(256)) * 3,
                                 "ключ".encode()])
def test_keyed_hashes_are_hmac_sha256(key):
    import hashlib
    import hmac

    texts = ["a", "EX100013", "ünï", "x" * 200, "", "12", "😀"]
    want = ["" if not t else "Q" + hmac.new(key, t.encode(), hashlib.sha256).hexdigest()[:12] for t in texts]
    assert clean.keyed_hashes(texts, key, "Q") == want
    ids = pd.Series(texts + [None, " 10.0 "], dtype=object)
    assert clean.pseudonymise(ids, key=key, prefix="Q").tolist() == want + ["", clean.keyed_hashes(["10"], key, "Q")[0]]


def test_date_checks_in_order_with_a_limit_per_row():
    # parse_dates is date_text then check_dates: problems logged by kind, then row; each row's own limit
    df = pd.DataFrame({"d": ["2024-04-02", "x", "", "2025-04-01", "1850-01-01", "2024-04-02"], "_row": range(2, 8)})
    limits = pd.Series(pd.to_datetime(["2024-03-31", "2024-03-31", "2024-03-31", "2025-03-31", "2025-03-31",
                                       "2025-03-31"]))
    log = clean.Rejections()
    out = clean.parse_dates(df, "d", "f.csv", log, not_after=limits)
    assert [(r["row"], r["reason"].split(" (")[0]) for r in log.records] == [
        (3, "not a valid date"), (4, "missing required date"), (2, "date is after 31/03/2024"),
        (5, "date is after 31/03/2025"), (6, "date is before 01/04/1900")]
    assert out.isna().tolist() == [True] * 5 + [False]


def test_pseudonym_key_made_once_when_many_start_at_once(tmp_path, monkeypatch):
    # parallel notebooks or load_many workers on a fresh machine all ask for the key at the same moment:
    # each must get the same, whole key, and no temporary file is left behind
    import threading

    monkeypatch.delenv(clean.KEY_ENV, raising=False)
    path = tmp_path / ".lscb_pseudonym_key"
    keys, start = [], threading.Barrier(8)

    def ask():
        start.wait()
        keys.append(clean.pseudonym_key(path))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(keys)) == 1 and len(keys[0]) == 64
    assert path.read_text().strip().encode() == keys[0]
    assert [p.name for p in tmp_path.iterdir()] == [".lscb_pseudonym_key"]
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_repeated_value_in_a_file_without_its_header_is_not_quoted(tmp_path):
    """A file saved without its header: its first record is taken as the header, and a date of birth that
    appears twice in it must not reach the message (the column numbers say where)."""
    p = tmp_path / "contacts.csv"
    p.write_text("EX102535,16/03/2016,16/03/2016\nEX102536,01/04/2016,02/04/2016\n")
    with pytest.raises(clean.InputError) as err:
        clean.read_table(p)
    text = str(err.value)
    assert "has the same column name twice (columns 2 and 3)" in text
    assert "16/03/2016" not in text and "EX102535" not in text
