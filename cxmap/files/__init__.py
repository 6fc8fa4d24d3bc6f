"""The files people have, in and out: workbooks (three layouts), survey answers, the guard
against hostile files, the workbook writer.  Imports only ``cxmap.domain``."""
