# English dates for a Danish portal: day before month and a 24-hour clock ("13 December 2024",
# "21:57"), never Django's American default ("12/13/2024", "9:57 p.m."), which a Danish reader
# takes for the 12th of the 13th month. Numbers keep English separators ("1,250.5").
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j N Y"
MONTH_DAY_FORMAT = "j N"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
# Typed dates: ISO first (the date inputs send it), then day-first forms; no month-first ones.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
FIRST_DAY_OF_WEEK = 1  # Monday, as in Denmark
