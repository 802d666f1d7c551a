from .frameworks import current_framework


def site(request):
    """What every page's frame needs: the framework's names for navigation and attribution."""
    framework = current_framework()
    return {"framework": framework}
