namespace Warehouse.Etl.Configuration;

/// <summary>A setting that takes one of these values (compared ignoring case); any other is refused
/// when the configuration loads, naming the key and the choices.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute(params string[] choices) : Attribute
{
    public IReadOnlyList<string> Choices { get; } = choices;
}

/// <summary>A map setting (Dictionary&lt;string, …&gt;) whose keys are a closed set: the strings of
/// the static member <paramref name="member"/> of <paramref name="type"/> (an IEnumerable of
/// strings, or of records with a Name). A key outside the set is refused when the configuration
/// loads.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class KeysFromAttribute(Type type, string member) : Attribute
{
    public Type Type { get; } = type;
    public string Member { get; } = member;
}

/// <summary>A setting that holds a file or folder path (or a glob). Given relative in the
/// configuration file, it is relative to that file's folder; given relative in an environment
/// variable or on the command line, to the current directory.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PathSettingAttribute : Attribute
{
}
