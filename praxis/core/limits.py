"""Limits named once. Models, forms and services take them from here, so a limit is changed in
one place and a form never accepts what the service would refuse."""

TEXT_MAX = 4_000  # a comment, note, reason or reflection
LONG_TEXT_MAX = 20_000  # a journal entry's notes
SECTION_TEXT_MAX = 10_000  # one section of a support-activity entry
GROUP_SIZE_SETTING_MAX = 10  # the largest minimum group size a lead may set (the floor is disclosure.FLOOR)
