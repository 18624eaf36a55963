using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Honnin.Architecture.Tests;

/// <summary>
/// A listing of a package's public API, one line per type and member, sorted: what a reviewer compares when a change
/// touches what users compile against. Nullability annotations of reference types are not shown.
/// </summary>
internal static class PublicApi
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Listing(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            var name = Name(type);
            lines.Add(Kind(type) + " " + name + Bases(type));
            if (type.IsEnum)
            {
                lines.AddRange(Enum.GetNames(type).Select(n => $"{name}.{n}"));
                continue;
            }

            if (typeof(Delegate).IsAssignableFrom(type))
            {
                continue;
            }

            foreach (var member in type.GetMembers(Declared | BindingFlags.NonPublic).Where(IsVisible))
            {
                if (Member(member) is { } line)
                {
                    lines.Add(name + "." + line);
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines) + "\n";
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !m.IsSpecialName,
        FieldInfo f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.IsSpecialName,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily),
        Type t => t.IsNestedPublic || t.IsNestedFamily,
        _ => false,
    };

    private static string? Member(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"ctor({Parameters(c)})",
        MethodInfo m when m.Name is "<Clone>$" => null,
        MethodInfo m => $"{Modifiers(m)}{m.Name}{Generic(m)}({Parameters(m)}) -> {Name(m.ReturnType)}",
        PropertyInfo p => $"{(p.GetAccessors(true)[0].IsStatic ? "static " : string.Empty)}{p.Name}{Indexer(p)} : {Name(p.PropertyType)} {{ {Accessors(p)}}}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{(f.IsInitOnly ? "readonly " : string.Empty)}{f.Name} : {Name(f.FieldType)}{(f.IsLiteral ? " = " + Literal(f.GetRawConstantValue()) : string.Empty)}",
        EventInfo e => $"event {e.Name} : {Name(e.EventHandlerType!)}",
        _ => null,
    };

    private static string Modifiers(MethodInfo method) =>
        (method.IsStatic ? "static " : string.Empty)
        + (method.IsAbstract && !method.DeclaringType!.IsInterface ? "abstract " : method.IsVirtual && !method.IsFinal && !method.DeclaringType!.IsInterface ? "virtual " : string.Empty);

    private static string Generic(MethodInfo method) => method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Indexer(PropertyInfo property) =>
        property.GetIndexParameters() is { Length: > 0 } index ? "[" + string.Join(", ", index.Select(p => Name(p.ParameterType) + " " + p.Name)) + "]" : string.Empty;

    private static string Accessors(PropertyInfo property)
    {
        var text = new StringBuilder();
        if (property.GetMethod is { } get && (get.IsPublic || get.IsFamily))
        {
            text.Append("get; ");
        }

        if (property.SetMethod is { } set && (set.IsPublic || set.IsFamily))
        {
            text.Append(set.ReturnParameter.GetRequiredCustomModifiers().Any(m => m == typeof(IsExternalInit)) ? "init; " : "set; ");
        }

        return text.ToString();
    }

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty)
        + (p.GetCustomAttribute<ParamArrayAttribute>() is not null ? "params " : string.Empty)
        + Name(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType) + " " + p.Name
        + (p.HasDefaultValue ? " = " + (p.RawDefaultValue is null && p.ParameterType.IsValueType && Nullable.GetUnderlyingType(p.ParameterType) is null ? "default" : Literal(p.RawDefaultValue)) : string.Empty)));

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Kind(Type type) =>
        type.IsInterface ? "interface"
        : type.IsEnum ? "enum"
        : type.IsValueType ? (type.GetMethod("<Clone>$") is not null || type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null ? "record struct" : "struct")
        : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
        : (type.IsAbstract && type.IsSealed ? "static " : type.IsSealed ? "sealed " : type.IsAbstract ? "abstract " : string.Empty)
          + (type.GetMethod("<Clone>$") is not null ? "record" : "class");

    private static string Bases(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum) && !typeof(Delegate).IsAssignableFrom(type))
        {
            bases.Add(Name(baseType));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
    }

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        var name = type.Namespace is "System" && Keyword(type) is { } keyword ? keyword : (type.IsNested ? Name(type.DeclaringType!) + "." : type.Namespace + ".") + type.Name;
        if (type.IsGenericType)
        {
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            var arguments = type.GetGenericArguments();
            var own = type.IsNested ? arguments.Skip(type.DeclaringType!.GetGenericArguments().Length) : arguments;
            name = (tick >= 0 ? name[..tick] : name) + (own.Any() ? "<" + string.Join(", ", own.Select(Name)) + ">" : string.Empty);
        }

        return name;
    }

    private static string? Keyword(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => "bool",
        TypeCode.Byte => "byte",
        TypeCode.SByte => "sbyte",
        TypeCode.Int16 => "short",
        TypeCode.UInt16 => "ushort",
        TypeCode.Int32 => "int",
        TypeCode.UInt32 => "uint",
        TypeCode.Int64 => "long",
        TypeCode.UInt64 => "ulong",
        TypeCode.Double => "double",
        TypeCode.Single => "float",
        TypeCode.Decimal => "decimal",
        TypeCode.String => "string",
        TypeCode.Char => "char",
        _ => type == typeof(object) ? "object" : type == typeof(void) ? "void" : null,
    };
}
