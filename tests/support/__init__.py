"""Helpers shared by the test folders: throwaway databases and running async code from sync
fixtures. Import as `tests.support.…`."""
