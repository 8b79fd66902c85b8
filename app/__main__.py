"""`python -m app` runs the same entry point as the `mockloop` script."""

from app.cli import main

raise SystemExit(main())
