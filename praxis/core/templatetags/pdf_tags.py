from django import template

from praxis.core.pdf import paper_choices

register = template.Library()


@register.simple_tag
def pdf_papers():
    """(value, label, is the default) for each paper a PDF report can be made on."""
    return paper_choices()
