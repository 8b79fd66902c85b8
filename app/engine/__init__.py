"""The interview: plan -> rounds -> phases -> questions -> turns.

Pure orchestration: no SQL, no HTTP.
"""
