class PlainLabels:
    """Form labels without Django's trailing colon, as in the guide's plain style."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
