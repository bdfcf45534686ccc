"""brochure: print-ready PDFs from the case studies of a Hugo website.

The public API is deliberately tiny: :func:`brochure.commands.build.build`
and :func:`brochure.commands.listing.list_cases`, driven by a
:class:`brochure.config.Config` from :func:`brochure.config.load_config`.
"""

__version__ = "0.1.0"
