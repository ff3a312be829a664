"""Small-business and company profiles, subcontracting needs and mentoring programmes."""
