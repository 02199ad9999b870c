"""Excel and CSV lists in and out: importing a unit's own sheets, exporting lists and indicators.

Import is a dry run first (`importer.plan_import`: every row's fate and reasons, nothing
changed), then `importer.apply_import` (the accepted rows, one transaction, through the write
path). Export writes .xlsx lists (`exporter.export_list`), the indicators table
(`exporter.export_indicators`) and blank templates (`templates.write_template`). No Qt here: the
window and the `sohoi sheet` command both call these.

Modules: `reader` (files, sheets), `encodings` (TCVN3, Windows-1258), `headers` (header row and
column mapping), `cells` and `dates` (cell values), `branches` and `matching` (which branch,
which stored record), `importer` and `report` (the dry run and its application), `exporter`,
`templates` and `workbook` (writing).
"""
