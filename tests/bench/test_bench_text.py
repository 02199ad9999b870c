"""Folding and Vietnamese collation of 200,000 names against plain lower() and sorted()."""

from db.text import fold, name_key

from .conftest import best_of
from .rows import names


def test_fold_and_collation_of_200k_names(report):
    people = names(200_000)
    t_lower, _ = best_of(3, lambda: [n.lower() for n in people])
    t_fold, folded = best_of(3, lambda: [fold(n) for n in people])
    t_sorted, _ = best_of(3, lambda: sorted(people))
    t_collate, ordered = best_of(3, lambda: sorted(people, key=name_key))
    assert folded[0].isascii() and len(ordered) == 200_000
    report.add(
        f"fold 200,000 names: {t_fold * 1000:.0f} ms ({t_fold / t_lower:.1f}× str.lower "
        f"at {t_lower * 1000:.0f} ms)"
    )
    report.add(
        f"Vietnamese sort of 200,000 names: {t_collate * 1000:.0f} ms "
        f"({t_collate / t_sorted:.1f}× plain sorted() at {t_sorted * 1000:.0f} ms)"
    )
