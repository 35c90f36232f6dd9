"""What the pipeline keeps in the warehouse beyond asset tables, read and written in one place.

The rules these records feed (who may send, what a decision means) are pure functions in
``sdr_assets.domain``; the modules here only run the SQL and read the files.
"""
