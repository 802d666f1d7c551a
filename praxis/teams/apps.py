from django.apps import AppConfig


class TeamsConfig(AppConfig):
    """Teams inside an organisation and the team view for leads and supervisors: heat map, team
    statistics, gaps, learning matches and the implementation support offer."""

    name = "praxis.teams"
    label = "teams"
