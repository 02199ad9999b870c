"""Administrative units and the upper levels' view of the units below: the embedded catalogue,
the units table (reporting state and indicators per unit) and its Excel export, and the person
search across every unit an installation holds."""
