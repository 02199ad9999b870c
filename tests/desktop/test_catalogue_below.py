"""The catalogue's units directly below a unit, by name only (the upper levels' lists): the
same units and names as the searchable catalogue, without reading the former units."""

from desktop.units import catalogue


def test_units_below_are_the_catalogues_with_the_unions_names():
    provinces = dict(catalogue.units_below(catalogue.CENTRAL_CODE))
    assert len(provinces) == 34
    assert provinces == {p.code: catalogue.union_name(p) for p in catalogue.provinces()}
    for code in ("20", "01", "79"):
        below = dict(catalogue.units_below(code))
        assert below == {c.code: catalogue.union_name(c) for c in catalogue.communes(code)}
    total = sum(len(catalogue.units_below(code)) for code in provinces)
    assert total == 3321
    assert catalogue.units_below("06001") == () and catalogue.units_below("XX") == ()


def test_a_code_is_looked_up_for_its_unions_name():
    """What the window calls a unit below before its first file: the catalogue's name."""
    assert catalogue.name_of("06076") == "Hội LHPN xã Quý Hòa"
    assert catalogue.name_of("20") == "Hội LHPN tỉnh Lạng Sơn"
    assert catalogue.name_of(catalogue.CENTRAL_CODE) == catalogue.CENTRAL_NAME
    for code in ("01", "79"):
        for commune, name in catalogue.units_below(code):
            assert catalogue.name_of(commune) == name
    assert catalogue.name_of("XX") is None and catalogue.name_of("") is None
    assert catalogue.name_of("X1") is None  # a unit made by hand keeps its code
