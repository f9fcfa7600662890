"""WTForms' built-in validation messages, listed so that `pybabel extract` puts them in Sabha's catalogs."""


def N_(message: str) -> str:  # noqa: N802 (the conventional name of a no-op gettext marker)
    return message


def Np_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 (no-op ngettext marker)
    return singular, plural


MESSAGES = [
    N_("This field is required."),
    N_("Not a valid choice."),
    N_("Not a valid integer value."),
    N_("Not a valid date value."),
    N_("Not a valid decimal value."),
    N_("Invalid email address."),
    N_("Invalid input."),
    N_("Invalid URL."),
    N_("Field must be equal to %(other_name)s."),
    Np_("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long."),
    Np_("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters."),
    Np_("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Invalid Choice: could not coerce."),
    N_("The CSRF token is missing."),
    N_("The CSRF token is invalid."),
    N_("The CSRF token has expired."),
    N_("The CSRF tokens do not match."),
]
