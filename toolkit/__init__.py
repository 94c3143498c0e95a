"""thidua: run emulation campaigns (phong trào thi đua) from the Excel workbooks offices use."""

__version__ = "0.1.0"
