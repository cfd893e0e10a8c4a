using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace Warehouse.Etl.Configuration;

/// <summary>What a key holds: one value, a list (Key:0, Key:1, …) or a map (Key:&lt;name&gt;).</summary>
public enum SettingShape
{
    Value,
    List,
    Map,
}

/// <summary>One key the job reads, found on the settings classes: its path (Section:Key), its
/// shape, the type of its value(s), and for a map whose names are a closed set, those names.</summary>
public sealed record SettingKey(string Path, SettingShape Shape, Type ValueType, PropertyInfo Property, IReadOnlyList<string>? Names)
{
    public IReadOnlyList<string>? Choices => Property.GetCustomAttribute<OneOfAttribute>()?.Choices;
}

/// <summary>
/// Every configuration key the job knows, derived by reflection from <see cref="WarehouseSettings"/>
/// and the classes it holds (so a new setting needs no second list), and the checks the loader
/// makes with it: that every key given is one of them, and that each value converts to the type of
/// its setting and is one of its choices.
/// </summary>
public static class SettingsCatalog
{
    public static IReadOnlyList<SettingKey> Keys { get; } = Walk(typeof(WarehouseSettings), null).ToList();

    /// <summary>The sections (Warehouse, Source, Source:Flat, …): keys that hold keys, not a value.</summary>
    public static IReadOnlySet<string> Sections { get; } = Keys
        .SelectMany(k => Prefixes(k.Path).Concat(k.Shape == SettingShape.Value ? [] : [k.Path]))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The keys one can write: values and lists by their path, closed maps by each name.</summary>
    public static IReadOnlyList<string> Spellings { get; } = Keys
        .SelectMany(k => k is { Shape: SettingShape.Map, Names: { } names } ? names.Select(n => $"{k.Path}:{n}") : [k.Path])
        .ToList();

    private static readonly Dictionary<string, SettingKey> ByPath = Keys.ToDictionary(k => k.Path, StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when <paramref name="path"/> (a key as the configuration gives it, holding a
    /// value) is a key the job reads; otherwise why not, in two parts, so that where the key was
    /// found can go between them: the key ("unknown configuration key Marts:RfmWindowDay") and the
    /// detail (" (did you mean Marts:RfmWindowDays?)").</summary>
    public static (string Key, string Detail)? Unknown(string path)
    {
        if (ByPath.TryGetValue(path, out var exact))
            return exact.Shape switch
            {
                SettingShape.Value => null,
                SettingShape.List => (exact.Path, $" is a list: write it as [ \"…\", \"…\" ] (or as {exact.Path}:0, {exact.Path}:1, …)"),
                _ => (exact.Path, " is a map of names to values, not a value"),
            };
        var colon = path.LastIndexOf(':');
        if (colon > 0 && ByPath.TryGetValue(path[..colon], out var parent))
        {
            var name = path[(colon + 1)..];
            if (parent.Shape == SettingShape.List && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return null;
            if (parent.Shape == SettingShape.Map && (parent.Names is null || parent.Names.Contains(name, StringComparer.OrdinalIgnoreCase))) return null;
            if (parent is { Shape: SettingShape.Map, Names: { } names })
            {
                var closest = Suggestions.Closest(name, names);
                var takes = $"{parent.Path} takes {string.Join(", ", names)}";
                return ($"unknown configuration key {path}", closest is null ? $" ({takes})" : $" (did you mean {parent.Path}:{closest}? {takes})");
            }
        }
        if (Sections.FirstOrDefault(s => s.Equals(path, StringComparison.OrdinalIgnoreCase)) is { } section)
            return (section, " is a section of settings, not a value");
        var suggestion = Suggestions.Closest(path, Spellings, ':');
        return ($"unknown configuration key {path}", suggestion is null ? "" : $" (did you mean {suggestion}?)");
    }

    /// <summary>Null when <paramref name="value"/> is a valid value of the key at
    /// <paramref name="path"/> (a value key); otherwise a sentence naming the key, what it takes
    /// (with its unit) and the value given.</summary>
    public static string? Invalid(string path, string value)
    {
        if (!ByPath.TryGetValue(path, out var key) || key.Shape != SettingShape.Value) return null;
        var type = key.ValueType;
        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null && value.Length == 0) return null;   // empty: not set
        type = nullable ?? type;
        if (type != typeof(string) && !Converts(type, value))
            return $"{key.Path} must be {Expected(key.Property.Name, type)} (got '{value}').";
        if (key.Choices is { } choices && !choices.Contains(value, StringComparer.OrdinalIgnoreCase))
            return Suggestions.Closest(value, choices) is { } closest
                ? $"{key.Path} '{value}' is not supported; use {Quoted(choices)} (did you mean '{closest}'?)."
                : $"{key.Path} '{value}' is not supported; use {Quoted(choices)}.";
        return null;
    }

    /// <summary>'a', 'b' or 'c'.</summary>
    public static string Quoted(IReadOnlyList<string> choices) =>
        choices.Count == 1 ? $"'{choices[0]}'" : $"{string.Join(", ", choices.SkipLast(1).Select(c => $"'{c}'"))} or '{choices[^1]}'";

    // What the configuration binder does with a value: the type's converter, invariant culture.
    private static bool Converts(Type type, string value)
    {
        try
        {
            var converter = TypeDescriptor.GetConverter(type);
            return !converter.CanConvertFrom(typeof(string)) || converter.ConvertFromInvariantString(value) is not null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return false;
        }
    }

    // The unit comes from the setting's name: RfmWindowDays is days, LookBackMinutes minutes.
    private static readonly (string Suffix, string Unit)[] Units =
    [
        ("Days", "days"), ("Minutes", "minutes"), ("Seconds", "seconds"), ("Ids", "ids"), ("Retries", "retries"),
        ("Keep", "publishes to keep"), ("Size", "rows"), ("Depth", "levels"),
    ];

    private static string Expected(string name, Type type)
    {
        var unit = Units.FirstOrDefault(u => name.EndsWith(u.Suffix, StringComparison.Ordinal)).Unit;
        var of = unit is null ? "" : $" of {unit}";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return $"a whole number{of}";
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float))
        {
            if (name.EndsWith("Percent", StringComparison.Ordinal)) return "a percentage such as 20 or 2.5 (with '.' for decimals)";
            if (name.EndsWith("Share", StringComparison.Ordinal)) return "a share between 0 and 1 such as 0.05 (with '.' for decimals)";
            return $"a number{of} (with '.' for decimals)";
        }
        if (type.IsEnum) return Quoted(Enum.GetNames(type));
        return $"a value of type {type.Name}";
    }

    private static IEnumerable<string> Prefixes(string path)
    {
        for (var i = path.IndexOf(':'); i > 0; i = path.IndexOf(':', i + 1)) yield return path[..i];
    }

    private static IEnumerable<SettingKey> Walk(Type type, string? prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || (!property.CanWrite && !IsCollection(property.PropertyType))) continue;
            var path = prefix is null ? property.Name : $"{prefix}:{property.Name}";
            var t = property.PropertyType;
            if (IsValue(t))
                yield return new SettingKey(path, SettingShape.Value, t, property, null);
            else if (DictionaryValue(t) is { } mapValue)
                yield return new SettingKey(path, SettingShape.Map, mapValue, property, NamesOf(property));
            else if (ElementOf(t) is { } element)
                yield return new SettingKey(path, SettingShape.List, element, property, null);
            else
                foreach (var key in Walk(t, path)) yield return key;
        }
    }

    private static bool IsValue(Type t)
    {
        var u = Nullable.GetUnderlyingType(t) ?? t;
        return u.IsPrimitive || u.IsEnum || u == typeof(string) || u == typeof(decimal) || u == typeof(DateOnly)
               || u == typeof(DateTime) || u == typeof(DateTimeOffset) || u == typeof(TimeSpan) || u == typeof(Guid) || u == typeof(Uri);
    }

    private static bool IsCollection(Type t) => t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t);

    private static Type? DictionaryValue(Type t) => t.GetInterfaces().Append(t)
        .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>) && i.GetGenericArguments()[0] == typeof(string))
        ?.GetGenericArguments()[1];

    private static Type? ElementOf(Type t) => t.IsArray ? t.GetElementType()
        : t.GetInterfaces().Append(t).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static List<string>? NamesOf(PropertyInfo property)
    {
        if (property.GetCustomAttribute<KeysFromAttribute>() is not { } from) return null;
        const BindingFlags statics = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        var value = from.Type.GetProperty(from.Member, statics)?.GetValue(null) ?? from.Type.GetField(from.Member, statics)?.GetValue(null)
            ?? throw new InvalidOperationException($"{from.Type.Name}.{from.Member} (the names of {property.Name}) is not a static member.");
        return ((IEnumerable)value).Cast<object>()
            .Select(o => o as string ?? o.GetType().GetProperty("Name")?.GetValue(o) as string ?? o.ToString()!)
            .ToList();
    }
}
