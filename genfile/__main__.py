"""Allow ``python -m genfile``."""

from genfile.cli import main

raise SystemExit(main())
