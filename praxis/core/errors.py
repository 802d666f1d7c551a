class PraxisError(Exception):
    """A change that cannot be made, with a message written for the person making it.

    Every app's service errors derive from this one class, so a view can turn any of them into
    a message beside the form without knowing which app raised it.
    """
