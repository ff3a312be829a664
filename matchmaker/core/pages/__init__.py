"""What every page shares: rendering helpers, forms, icons, assets, links, confirmations."""
