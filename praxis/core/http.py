from django.http import Http404


def posted_id(request, name: str) -> int:
    """An id a form posted: a positive whole number, or 404. A tampered form never causes a 500."""
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404(f"No such {name}")
    return int(value)
