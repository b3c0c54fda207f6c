"""The Assess page's forms, one form (or tab) a module; `dashboard/ui/app_pages/assess.py` lays them out."""
