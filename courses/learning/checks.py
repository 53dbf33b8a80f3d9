"""System checks for what certificates need on the machine."""

from django.core.checks import Error, register

from courses.learning.pdf import font_dir, missing_fonts


@register()
def pdf_fonts_installed(app_configs, **kwargs):
    """Certificates and transcripts embed DejaVu Sans: without it they cannot be drawn."""
    missing = missing_fonts()
    if not missing:
        return []
    return [
        Error(
            f"The fonts for certificates and transcripts are missing from {font_dir()}: "
            + ", ".join(path.name for path in missing),
            hint="Install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core), or "
            "set PDF_FONT_DIR to a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf.",
            id="pathway.E010",
        )
    ]
