#!/usr/bin/env python
"""Django's command-line utility; the installed ``praxis`` command does the same."""

from praxis.manage import main

if __name__ == "__main__":
    main()
