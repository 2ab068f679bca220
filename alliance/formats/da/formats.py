# Danish dates as Danes write them, with lower-case month names also when abbreviated ("N" is
# Django's abbreviation with a full stop: "13. dec. 2024", "1. juli 2023"; "M" would give "Jul").
# Templates use these names (date:"DATE_FORMAT", ...), never a literal format, so that English
# pages get alliance/formats/en instead. Everything not set here is Django's Danish default.
DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "j. N Y"
MONTH_DAY_FORMAT = "j. N"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j. F Y, H:i"
SHORT_DATETIME_FORMAT = "j. N Y, H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
