

def test_a_return_dated_before_any_plausible_year_is_refused_not_a_crash(tmp_path):
    """A census headed <Year>1899</Year> (a typing error) is an input error naming the file, not a ValueError
    from deep inside the reporting-year arithmetic."""
    import pytest

    from lscb_analysis.inputs import cin_xml
    from lscb_analysis.inputs.clean import InputError

    path = tmp_path / "cin_census_1899.xml"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><Collection><CollectionName>CIN'
                    '</CollectionName><Year>1899</Year><ReferenceDate>1899-03-31</ReferenceDate></Collection>'
                    '</Header><Children></Children></Message>\n')
    with pytest.raises(InputError, match="not a plausible census year"):
        cin_xml.read_census(path)
