using System.Globalization;
using System.Text;

namespace Course.Notebooks.Formatting;

/// <summary>
/// MathNet.Numerics Matrix&lt;T&gt; and Vector&lt;T&gt;, found by type name (the engine does not reference MathNet):
/// MathNet's own ToString as text and an HTML table, both cut to the first rows and columns.
/// </summary>
internal static class MatrixFormatter
{
    private const int MaxRows = 20, MaxColumns = 12;

    public static bool IsMatrix(object value) => HasBase(value, "MathNet.Numerics.LinearAlgebra.Matrix`1");

    public static bool IsVector(object value) => HasBase(value, "MathNet.Numerics.LinearAlgebra.Vector`1");

    public static Dictionary<string, string> Format(object value)
    {
        var text = value.ToString() ?? "";
        var array = value.GetType().GetMethod("ToArray", [])?.Invoke(value, null) as Array;
        var html = new StringBuilder();
        if (array is { Rank: 2 })
        {
            int rows = array.GetLength(0), columns = array.GetLength(1);
            html.Append(CultureInfo.InvariantCulture, $"<div><i>{rows}×{columns} matrix</i></div><table>");
            for (var i = 0; i < Math.Min(rows, MaxRows); i++)
            {
                html.Append("<tr>");
                for (var j = 0; j < Math.Min(columns, MaxColumns); j++)
                    html.Append("<td>").Append(Cell(array.GetValue(i, j))).Append("</td>");
                if (columns > MaxColumns) html.Append("<td>…</td>");
                html.Append("</tr>");
            }
            if (rows > MaxRows) html.Append("<tr><td>⋮</td></tr>");
            html.Append("</table>");
        }
        else if (array is { Rank: 1 })
        {
            html.Append(CultureInfo.InvariantCulture, $"<div><i>vector of {array.Length}</i></div><table><tr>");
            for (var i = 0; i < Math.Min(array.Length, MaxColumns * 2); i++)
                html.Append("<td>").Append(Cell(array.GetValue(i))).Append("</td>");
            if (array.Length > MaxColumns * 2) html.Append("<td>…</td>");
            html.Append("</tr></table>");
        }
        else
        {
            html.Append("<pre>").Append(HtmlText.Encode(text)).Append("</pre>");
        }
        return new() { ["text/plain"] = text, ["text/html"] = html.ToString() };
    }

    private static string Cell(object? value) => HtmlText.Encode(value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString(),
    });

    private static bool HasBase(object value, string genericName)
    {
        for (var t = value.GetType(); t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition().FullName == genericName) return true;
        return false;
    }
}
