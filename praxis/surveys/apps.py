from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """Reliability of the organisation's own assessments (alpha, omega, item-rest correlations),
    and scoring of survey exports from REDCap and Qualtrics by Praxis's rules."""

    name = "praxis.surveys"
    label = "surveys"
