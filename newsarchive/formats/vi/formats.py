"""Vietnamese input formats: day before month, as editors write dates.

Django's `vi` locale has display formats but no input formats, so forms fell
back to the US order (`05/03/2024` read as 3 May, `15/03/2024` refused). The
first format of each list is also how a form shows a stored value. ISO dates
stay accepted. Display formats come from Django's own `vi` module.
"""

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 05/03/2024
    "%d-%m-%Y",  # 05-03-2024
    "%d.%m.%Y",  # 05.03.2024
    "%Y-%m-%d",  # 2024-03-05 (ISO)
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]
