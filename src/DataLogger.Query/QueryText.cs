using System.Globalization;

namespace DataLogger.Query;

/// <summary>
/// A query as both engines take it: SQL text with a <c>?</c> for each value, and the values in the order the
/// <c>?</c> stand in the text (strings and integers). DuckDB binds them; Athena takes them as the execution parameters
/// of <c>StartQueryExecution</c> (SQL literals, <see cref="Literals"/>) and returns them with the execution, so whoever
/// reads a result can tell exactly what the query was for (<see cref="ReadingsRequest"/>).
/// </summary>
/// <param name="Sql">The SQL text.</param>
/// <param name="Parameters">The values of its <c>?</c>, in order: <see cref="string"/> or <see cref="long"/>.</param>
public sealed record QueryText(string Sql, IReadOnlyList<object> Parameters)
{
    /// <summary>A query without parameters.</summary>
    public static implicit operator QueryText(string sql) => new(sql, []);

    /// <summary>The parameters as SQL literals, as Athena's <c>ExecutionParameters</c> want them: <c>'pool'</c>, <c>1764201600</c>.</summary>
    public IReadOnlyList<string> Literals => [.. Parameters.Select(Literal)];

    /// <summary>A value as an SQL literal: a string in single quotes (a quote doubled), an integer as digits.</summary>
    public static string Literal(object value) => value switch
    {
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        long number => number.ToString(CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"A query parameter is a string or an integer, not {value?.GetType().Name ?? "null"}.", nameof(value)),
    };

    /// <summary>The value of an SQL literal written by <see cref="Literal"/>; false for anything else.</summary>
    public static bool TryParseLiteral(string? literal, out object? value)
    {
        value = null;
        if (literal is { Length: >= 2 } && literal[0] == '\'' && literal[^1] == '\'')
        {
            var inner = literal[1..^1];
            if (inner.Replace("''", string.Empty, StringComparison.Ordinal).Contains('\'', StringComparison.Ordinal))
            {
                return false;
            }

            value = inner.Replace("''", "'", StringComparison.Ordinal);
            return true;
        }

        if (long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return true;
        }

        return false;
    }

    /// <summary>A query from its text and its parameters as SQL literals (what Athena returns with an execution).</summary>
    /// <exception cref="FormatException">A parameter is not a literal <see cref="Literal"/> writes.</exception>
    public static QueryText FromLiterals(string sql, IReadOnlyList<string>? literals) => new(sql, [.. (literals ?? []).Select(l =>
        TryParseLiteral(l, out var value) ? value! : throw new FormatException($"'{l}' is not a string or integer literal."))]);

    /// <inheritdoc />
    public bool Equals(QueryText? other) =>
        other is not null && Sql == other.Sql && Parameters.SequenceEqual(other.Parameters);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Sql, Parameters.Count);

    /// <summary>The SQL text.</summary>
    public override string ToString() => Sql;
}
