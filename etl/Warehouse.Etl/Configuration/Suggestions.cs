namespace Warehouse.Etl.Configuration;

/// <summary>"Did you mean …?": the known name closest to one a user typed.</summary>
public static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="typed"/> (ignoring case): within a few
    /// edits (a slip of the keyboard: at most 2, or a fifth of the length for long names; none for
    /// a name shorter than 3); else,
    /// for names of segments (Section:Key, split at <paramref name="separator"/>), the shortest
    /// candidate holding all the typed segments in order (a section left out); else one whose last
    /// segment is the typed one (the key under the wrong section); else null.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates, char? separator = null)
    {
        var list = candidates.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var lower = typed.ToLowerInvariant();
        var limit = Math.Max(typed.Length >= 4 ? 2 : 1, typed.Length / 5);
        var best = list
            .Select(c => (Candidate: c, Distance: Distance(lower, c.ToLowerInvariant())))
            .Where(x => x.Distance <= limit && typed.Length >= 3)   // one or two characters: any is "close"
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Select(x => x.Candidate)
            .FirstOrDefault();
        if (best is not null || separator is not { } sep) return best;
        var segments = typed.Split(sep);
        return list
                   .Where(c => Holds(c.Split(sep), segments))
                   .OrderBy(c => c.Length)
                   .ThenBy(c => c, StringComparer.Ordinal)
                   .FirstOrDefault()
               ?? list.FirstOrDefault(c => c.Split(sep)[^1].Equals(segments[^1], StringComparison.OrdinalIgnoreCase));
    }

    // Every one of the typed segments, in order, among the candidate's.
    private static bool Holds(string[] candidate, string[] typed)
    {
        var i = 0;
        foreach (var segment in candidate)
            if (i < typed.Length && segment.Equals(typed[i], StringComparison.OrdinalIgnoreCase)) i++;
        return i == typed.Length;
    }

    /// <summary>Edit distance: insertions, deletions, substitutions of one character and swaps of
    /// two neighbours ("rnu" is one edit from "run"), each counted 1 (optimal string alignment).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
