namespace Atrium.Platform.Data;

/// <summary>
/// Text every supported database can store: PostgreSQL refuses NUL characters and UTF-8 cannot
/// encode lone surrogates, so such input is refused up front instead of failing mid-write.
/// </summary>
public static class StorableText
{
    public const string Problem = "contains characters that can't be stored";

    public static bool IsStorable(string? value)
    {
        if (value is null)
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && (i + 1 >= value.Length || !char.IsLowSurrogate(value[++i])))
            {
                return false;
            }

            if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
