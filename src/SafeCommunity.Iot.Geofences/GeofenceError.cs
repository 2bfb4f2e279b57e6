namespace SafeCommunity.Iot.Geofences;

/// <summary>Why a geofence (or a GeoJSON feature describing one) was rejected.</summary>
public enum GeofenceErrorCode
{
    /// <summary>The text is not JSON, or not a JSON object.</summary>
    InvalidJson = 1,

    /// <summary>The object is neither a GeoJSON Feature nor a FeatureCollection.</summary>
    NotAFeature,

    /// <summary>A required member is missing.</summary>
    MissingField,

    /// <summary>A member has the wrong JSON type or an unusable value.</summary>
    InvalidValue,

    /// <summary>Two fences have the same id.</summary>
    DuplicateId,

    /// <summary>The geometry is not a Point (circle) or a Polygon.</summary>
    UnsupportedGeometry,

    /// <summary>A coordinate is not a finite number.</summary>
    CoordinateNotFinite,

    /// <summary>A latitude is outside −90..90 or a longitude outside −180..180.</summary>
    CoordinateOutOfRange,

    /// <summary>A polygon ring's last position differs from its first.</summary>
    RingNotClosed,

    /// <summary>A polygon ring has fewer than 4 positions.</summary>
    RingTooShort,

    /// <summary>The polygon is not valid (self-intersection, hole outside its shell, ...): NTS <c>IsValidOp</c>'s reason.</summary>
    InvalidGeometry,

    /// <summary>A circle's radius is outside 1..50,000 m.</summary>
    RadiusOutOfRange,

    /// <summary>The mode is neither <c>keep-in</c> nor <c>keep-out</c>.</summary>
    UnknownMode,

    /// <summary>The device kind is not a known kind name.</summary>
    UnknownKind,

    /// <summary>The assignment names none, or more than one, of device / kind + community / community boundary.</summary>
    InvalidAssignment,

    /// <summary>A schedule day is not one of <c>mon</c> .. <c>sun</c>.</summary>
    UnknownDay,

    /// <summary>A schedule time is not <c>HH:mm</c>.</summary>
    InvalidTime,

    /// <summary>A schedule window starts when it ends.</summary>
    EmptyWindow,

    /// <summary>A debounce setting is out of its range.</summary>
    InvalidDebounce,
}

/// <summary>One validation error, naming the feature and the field.</summary>
/// <param name="Feature">The fence id when known, else the feature's position (<c>features[3]</c>).</param>
/// <param name="Field">The JSON path of the offending member (<c>properties.schedule[0].start</c>).</param>
/// <param name="Code">What is wrong.</param>
/// <param name="Message">What is wrong, for people.</param>
public sealed record GeofenceError(string Feature, string Field, GeofenceErrorCode Code, string Message)
{
    /// <summary><c>feature: field: message</c>.</summary>
    public override string ToString() => $"{Feature}: {Field}: {Message} ({Code})";
}
