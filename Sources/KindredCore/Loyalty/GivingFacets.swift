/// The facets the dashboard splits giving by: channel, device and referrer source.
public enum GivingFacet: String, Vocabulary {
    case channel, device, source

    /// Each facet's value for a gift; the source is the UTM source if given, else the referring site's host without
    /// `www.`, else `(direct)`.
    public static func values(of gift: GiftFields) -> [(GivingFacet, String)] {
        [(.channel, gift.channel.rawValue), (.device, gift.device.rawValue),
         (.source, source(referrer: gift.attribution?.referrer, utmSource: gift.attribution?.utmSource))]
    }

    /// The referrer source of a gift.
    public static func source(referrer: String?, utmSource: String?) -> String {
        if let utm = utmSource?.trimmingWhitespace().lowercased(), !utm.isEmpty { return String(utm.prefix(100)) }
        guard var host = referrer?.trimmingWhitespace().lowercased(), !host.isEmpty else { return "(direct)" }
        if let scheme = host.range(of: "://") { host = String(host[scheme.upperBound...]) }
        host = String(host.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" })
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        return host.isEmpty ? "(direct)" : String(host.prefix(100))
    }
}
