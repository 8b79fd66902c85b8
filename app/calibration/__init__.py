"""Judge calibration: labelled answer sets, agreement metrics and the report `mockloop calibrate`
prints. Nothing here knows which judge it measures; it talks to the `Judge` protocol."""
