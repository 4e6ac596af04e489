using DataLogger.Readings;

namespace DataLogger.Chemistry;

/// <summary>
/// Whether pool water dissolves plaster or lays down scale: the calcite saturation index (CSI) as Trouble Free Pool's
/// Pool Math computes it (the formula chem geek published on TFP, thread 19688, and the <c>CSI()</c> of TFP's pool
/// calculator, troublefreepool.com/calc.html), from the measured water temperature and the water tests. Unlike the
/// pool industry's table LSI, it takes the alkalinity that cyanuric acid (and borate) contribute out of the total by
/// the pH (the "a third of CYA" rule, exactly), counts the salt in the ionic strength, and is continuous in
/// temperature. Near 0 is balanced; below about -0.3 the water is aggressive to plaster, above about +0.3 it scales.
/// </summary>
public static class WaterBalance
{
    /// <summary>The name its alerts go by, as a series of its own (<c>alerts.balance</c> watches it): no station's series is named so.</summary>
    public const string Series = "water-balance";

    /// <summary>The index as an alert's value: a number in "CSI", two decimals, resolving 0.1 back inside the band.</summary>
    public static Quantity Quantity { get; } = new(Quantity.NumberName, "CSI", -10, 10, 2, "Water balance") { MetricName = "csi", Hysteresis = 0.1 };

    /// <summary>
    /// The index of the newest tests a station has (<paramref name="newest"/> gives the newest reading of a quantity's
    /// series, or null) and its water now (<paramref name="water"/>, its first temperature): the index, or null without
    /// pH, total alkalinity, calcium hardness or a water temperature (cyanuric acid and salt count as 0 without a test),
    /// or where it is not defined; with the tests it came from.
    /// </summary>
    public static (double? Csi, IReadOnlyList<(Quantity Quantity, Reading Reading)> Tests)? Of(Func<Quantity, Reading?> newest, Reading? water)
    {
        ArgumentNullException.ThrowIfNull(newest);
        if (newest(Quantity.Ph) is not { } ph || newest(Quantity.TotalAlkalinity) is not { } ta || newest(Quantity.CalciumHardness) is not { } ch || water is null)
        {
            return null;
        }

        var tests = new (Quantity, Reading?)[] { (Quantity.Ph, ph), (Quantity.TotalAlkalinity, ta), (Quantity.CalciumHardness, ch), (Quantity.CyanuricAcid, newest(Quantity.CyanuricAcid)), (Quantity.Salt, newest(Quantity.Salt)) }
            .Where(t => t.Item2 is not null).Select(t => (t.Item1, t.Item2!)).ToList();
        var value = (Quantity q) => tests.FirstOrDefault(t => t.Item1 == q).Item2?.Value ?? 0;
        return (Csi(ph.Value, ta.Value, ch.Value, value(Quantity.CyanuricAcid), value(Quantity.Salt), water.Celsius), tests);
    }

    /// <summary>What the index is called on the page.</summary>
    public const string Name = "CSI (Trouble Free Pool's calcite saturation index)";

    /// <summary>
    /// The CSI, or null where it is not defined: no calcium, or no carbonate alkalinity left once the cyanurate's and
    /// borate's are taken out (TFP's calculator says "invalid data" there), or a pH outside 6 to 9.
    /// </summary>
    /// <param name="ph">The pH.</param>
    /// <param name="totalAlkalinity">Total alkalinity as measured, ppm as CaCO₃ (the CYA's part not taken out).</param>
    /// <param name="calciumHardness">Calcium hardness, ppm as CaCO₃.</param>
    /// <param name="cyanuricAcid">Cyanuric acid, ppm.</param>
    /// <param name="salt">Salt (NaCl), ppm; what the calcium's chloride reads on a salt meter is not counted twice.</param>
    /// <param name="celsius">The water's temperature, °C.</param>
    /// <param name="borate">Borates, ppm as boron.</param>
    public static double? Csi(double ph, double totalAlkalinity, double calciumHardness, double cyanuricAcid, double salt, double celsius, double borate = 0)
    {
        if (ph is < 6 or > 9 || calciumHardness <= 0 || double.IsNaN(ph + totalAlkalinity + calciumHardness + cyanuricAcid + salt + celsius + borate))
        {
            return null;
        }

        // The carbonate alkalinity: the cyanurate's (0.38772 = 50.045 / 129.07, CYA's pKa 6.83) and the borate's
        // (4.63, boric acid's pKa 9.11) taken out of the total.
        var carbonate = totalAlkalinity
            - (0.38772 * cyanuricAcid / (1 + Math.Pow(10, 6.83 - ph)))
            - (4.63 * borate / (1 + Math.Pow(10, 9.11 - ph)));
        if (carbonate <= 0)
        {
            return null;
        }

        // The ionic strength: the calcium chloride and the alkalinity, and the salt beyond what the calcium's chloride reads.
        var extraSalt = Math.Max(0, salt - (1.1678 * calciumHardness));
        var ionic = ((1.5 * calciumHardness) + totalAlkalinity) / 50045 + (extraSalt / 58440);
        var root = Math.Sqrt(ionic);
        return ph - 11.677 + Math.Log10(calciumHardness) + Math.Log10(carbonate)
            - (2.56 * root / (1 + (1.65 * root)))
            - (1412.5 / (celsius + 273.15))
            + 4.7375;
    }

    /// <summary>The index as the page says it: two decimals, rounded half up as TFP's calculator does, with its sign.</summary>
    public static string Format(double csi) =>
        (Math.Floor((csi * 100) + 0.5) / 100).ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What the index means, in a few words: balanced within ±0.3, else which way the water leans.</summary>
    public static string Describe(double csi) => csi switch
    {
        < -0.6 => "very aggressive: it dissolves plaster and grout",
        < -0.3 => "aggressive: it may etch plaster",
        <= 0.3 => "balanced",
        <= 0.6 => "scaling: calcium may deposit",
        _ => "scaling: calcium deposits, cloudy water",
    };
}
