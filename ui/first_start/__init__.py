"""The first start: a folder with no unit yet becomes one, created or restored from a backup.

`FirstStartWindow` (wizard.py) leads through the steps, each a page module: the choice
(choice_page), the unit from the catalogue (place_page), the admin account (admin_page), the
recovery code to print (recovery_page), the device fingerprint and the enrolment with the level
above (enrol_page); or the backup to restore (restore_page).
"""
