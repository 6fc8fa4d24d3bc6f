from cxmap.cli import main

raise SystemExit(main())
