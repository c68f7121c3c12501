using System.Collections;
using System.Reflection;

namespace Atrium.Deploy.Tests;

/// <summary>
/// The configuration keys Atrium really reads, derived from the code: every options class with a
/// <c>SectionName</c> constant (its bindable properties, nested classes and arrays), every
/// <c>…Key</c> constant holding an <c>Atrium:</c> key (single keys such as <c>Atrium:DataDirectory</c>), and every
/// <c>ConnectionStringName</c> constant (<c>ConnectionStrings:Atrium</c>, <c>Redis</c>, <c>RabbitMQ</c>).
/// Assemblies are the Atrium.* ones beside the tests, so a new module joins without editing this.
/// </summary>
internal static class ConfigurationKeys
{
    /// <summary>A known key as segments; <c>#</c> matches an array index, <c>*</c> any dictionary key.</summary>
    public static IReadOnlyList<string[]> Known { get; } = Discover();

    /// <summary>Whether an environment variable name (<c>Atrium__Jobs__RunWorker</c>) binds to a known key.</summary>
    public static bool Maps(string environmentVariable)
    {
        var segments = environmentVariable.Split("__");
        return Known.Any(known => known.Length == segments.Length && known.Zip(segments).All(p => p.First switch
        {
            "#" => p.Second.Length > 0 && p.Second.All(char.IsAsciiDigit),
            "*" => p.Second.Length > 0,
            _ => string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase),
        }));
    }

    private static List<string[]> Discover()
    {
        var keys = new List<string[]>();
        foreach (var type in AtriumAssemblies().SelectMany(SafeTypes))
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (!field.IsLiteral || field.FieldType != typeof(string) || field.GetRawConstantValue() is not string value)
                {
                    continue;
                }

                switch (field.Name)
                {
                    case "SectionName":
                        AddProperties(keys, value.Split(':'), type, depth: 0);
                        break;
                    case var key when key.EndsWith("Key", StringComparison.Ordinal) && value.StartsWith("Atrium:", StringComparison.Ordinal):
                        keys.Add(value.Split(':'));
                        break;
                    case "ConnectionStringName":
                        keys.Add(["ConnectionStrings", value]);
                        break;
                }
            }
        }

        return keys;
    }

    private static void AddProperties(List<string[]> keys, string[] prefix, Type type, int depth)
    {
        if (depth > 5)
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var path = prefix.Append(property.Name).ToArray();
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                if (property.CanWrite)
                {
                    keys.Add(path);
                }
            }
            else if (propertyType.IsArray || (propertyType.IsGenericType && typeof(IEnumerable).IsAssignableFrom(propertyType)))
            {
                var arguments = propertyType.IsArray ? [propertyType.GetElementType()!] : propertyType.GetGenericArguments();
                var isDictionary = arguments.Length == 2;
                var element = arguments[^1];
                var itemPath = path.Append(isDictionary ? "*" : "#").ToArray();
                if (IsScalar(Nullable.GetUnderlyingType(element) ?? element))
                {
                    keys.Add(itemPath);
                }
                else
                {
                    AddProperties(keys, itemPath, element, depth + 1);
                }
            }
            else if (propertyType.IsClass)
            {
                AddProperties(keys, path, propertyType, depth + 1);
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(Uri) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid);

    private static IEnumerable<Assembly> AtriumAssemblies() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "Atrium.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name is not null && !name.EndsWith(".Tests", StringComparison.Ordinal) && name != "Atrium.Testing")
            .Select(name => Assembly.Load(name!));

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
