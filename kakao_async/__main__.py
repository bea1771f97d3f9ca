"""``python -m kakao_async`` is ``kakao-async``."""

import sys

from .cli import main

sys.exit(main())
