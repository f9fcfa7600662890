"""Access-matrix rows of an action plan's papers as Word files (open like the plan page: the office and the
offices above it) and of sending a report upward (POST only; the office's own staff)."""

PAPER_VIEW_ROUTES: list[tuple[str, str, str]] = [
    ("indicators.report_docx", "/plans/{plan}/report.docx?kind=quarterly&quarter=1", "view"),
    ("indicators.report_docx", "/plans/{plan}/report.docx?kind=half_yearly", "view"),
    ("indicators.self_assessment_docx", "/plans/{plan}/self-assessment.docx", "view"),
    ("indicators.directive_docx", "/plans/{plan}/directive.docx", "view"),
    ("indicators.certificate_form", "/indicators/{indicator}/certificate", "view"),
    ("indicators.certificate_docx", "/indicators/{indicator}/certificate.docx?quarter=1", "view"),
    (
        "indicators.portal_updates_report_docx",
        "/offices/{office}/portal-updates/report.docx?fy=2022&quarter=1",
        "view",
    ),
    ("indicators.enothi_report_docx", "/offices/{office}/enothi/report.docx?fy=2022&quarter=1", "view"),
]
PAPER_POST_ONLY: list[tuple[str, str]] = [("indicators.send_report", "/plans/{plan}/reports")]
