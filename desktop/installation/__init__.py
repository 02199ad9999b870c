"""This machine's copy of a unit: where its data folder is (portable or not), one program per
folder, what a start does to the folder, creating the unit and signing in to it, its settings,
its log, and the self-test of the installed program."""
