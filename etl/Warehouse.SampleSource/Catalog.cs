namespace Warehouse.SampleSource;

/// <summary>Small fixed reference lists the generator draws from.</summary>
internal static class Catalog
{
    public sealed record Category(string Name, double Weight, double MedianPrice, double PriceSigma, string[] Nouns, double QuantityBoost);

    public static readonly Category[] Categories =
    [
        new("Electronics", 10, 79, 0.85, ["Wireless Headphones", "Bluetooth Speaker", "Smart Watch", "USB-C Charger", "Power Bank", "Webcam", "Monitor 27\"", "Mechanical Keyboard", "Wireless Mouse", "Tablet Stand", "E-Reader", "Action Camera", "Cable, USB-C 2m"], 0.0),
        new("Apparel", 17, 34, 0.55, ["T-Shirt", "Hoodie", "Denim Jeans", "Rain Jacket", "Wool Sweater", "Chino Pants", "Sneakers", "Leather Belt", "Socks, 5-Pack", "Summer Dress", "Baseball Cap", "Winter Coat"], 0.15),
        new("Home & Kitchen", 14, 29, 0.75, ["Ceramic Mug", "Chef's Knife 8\"", "Cast Iron Skillet", "Towel Set, 6-Piece", "French Press", "Cutting Board", "Table Lamp", "Throw Blanket", "Storage Jars", "Bedsheet Set", "Scented Candle", "Blender"], 0.1),
        new("Beauty", 10, 19, 0.6, ["Face Serum", "Moisturizer", "Lip Balm", "Shampoo", "Conditioner", "Body Lotion", "Eau de Parfum", "Hand Cream", "Sunscreen SPF 50", "Hair Oil", "Nail Polish"], 0.25),
        new("Sports & Outdoors", 8, 39, 0.8, ["Yoga Mat", "Water Bottle", "Running Shorts", "Camping Lantern", "Dumbbell Set", "Trekking Poles", "Cycling Gloves", "Daypack 20L", "Resistance Bands", "Tent, 2-Person"], 0.1),
        new("Toys & Games", 7, 24, 0.65, ["Building Blocks", "Board Game", "Jigsaw Puzzle", "Plush Bear", "Remote Control Car", "Card Game", "Science Kit", "Wooden Train Set", "Doll House"], 0.1),
        new("Books", 9, 14, 0.45, ["Paperback Novel", "Cookbook", "Travel Guide", "Children's Picture Book", "Hardcover Thriller", "Graphic Novel", "Self-Help Guide", "Art Book"], 0.2),
        new("Grocery", 10, 6, 0.6, ["Organic Coffee Beans", "Green Tea", "Dark Chocolate", "Olive Oil", "Pasta", "Granola", "Honey", "Spice Mix", "Almonds", "Sparkling Water, 12-Pack"], 0.9),
        new("Garden", 5, 32, 0.8, ["Garden Hose", "Pruning Shears", "Planter Pot", "Seed Starter Kit", "Bird Feeder", "Solar Garden Light", "Watering Can", "Raised Bed"], 0.15),
        new("Pet Supplies", 5, 18, 0.7, ["Dog Food", "Cat Litter", "Chew Toy", "Pet Bed", "Leash", "Cat Tree", "Aquarium Filter", "Pet Shampoo"], 0.6),
        new("Jewelry", 3, 69, 0.9, ["Silver Necklace", "Gold Earrings", "Charm Bracelet", "Engagement Ring", "Pearl Studs", "Men's Watch"], 0.0),
        new("Office", 2, 12, 0.6, ["Notebook", "Gel Pens, 10-Pack", "Desk Organizer", "Stapler", "Planner", "Sticky Notes"], 0.4),
    ];

    public static readonly string[] Adjectives =
    [
        "Classic", "Premium", "Essential", "Eco", "Urban", "Nordic", "Compact", "Deluxe", "Everyday", "Pro",
        "Vintage", "Modern", "Ultra", "Lite", "Signature", "Heritage", "Coastal", "Alpine", "Studio", "Smart",
    ];

    public static readonly string[] Variants =
    [
        "Black", "White", "Navy", "Grey", "Green", "Red", "Sand", "Small", "Medium", "Large", "XL", "Mini", "Plus", "Max",
    ];

    public static readonly string[] FirstNames =
    [
        "Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Sophia", "Mia", "Ethan", "Isabella", "Mason", "Amelia", "Leon",
        "Hannah", "Paul", "Clara", "Louis", "Chloe", "Hugo", "Lea", "Jack", "Grace", "Oliver", "Emily", "Harry", "Lily",
        "Sofia", "Mateo", "Lucia", "Daniel", "Anna", "David", "Sara", "Max", "Julia", "Finn", "Marie", "Jonas", "Laura",
        "James", "Charlotte", "William", "Zoe", "Benjamin", "Nora", "Thomas", "Elena", "Pablo", "Ines", "Sem", "Fenna",
        "Aiden", "Priya", "Arjun", "Mei", "Yuki", "Omar", "Amira", "Chiara", "Luca", "Noor", "Kofi",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Garcia", "Martinez", "Wilson", "Taylor",
        "Anderson", "Thomas", "Moore", "Martin", "Lee", "Clark", "Lewis", "Walker", "Young", "Müller", "Schmidt",
        "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent",
        "Fernández", "López", "González", "Sánchez", "Pérez", "de Vries", "van Dijk", "Bakker", "Jansen", "Visser",
        "O'Brien", "Murphy", "Kelly", "Evans", "Roberts", "Patel", "Singh", "Nguyen", "Kim", "Chen", "Tremblay",
        "Roy", "Gagnon", "Rossi", "Bianchi", "Novak", "Nowak", "Kowalski",
    ];

    public static readonly string[] EmailDomains = ["example.com", "example.net", "example.org", "mail.example.com", "inbox.example.net"];

    public sealed record Country(string Name, double Weight, (string City, double Weight)[] Cities);

    public static readonly Country[] Countries =
    [
        new("United States", 34, [("New York", 30), ("Los Angeles", 22), ("Chicago", 16), ("Houston", 12), ("Seattle", 10), ("Miami", 10)]),
        new("United Kingdom", 16, [("London", 50), ("Manchester", 20), ("Birmingham", 15), ("Edinburgh", 15)]),
        new("Germany", 15, [("Berlin", 35), ("Munich", 25), ("Hamburg", 25), ("Cologne", 15)]),
        new("France", 11, [("Paris", 50), ("Lyon", 25), ("Marseille", 25)]),
        new("Canada", 8, [("Toronto", 45), ("Vancouver", 30), ("Montreal", 25)]),
        new("Netherlands", 6, [("Amsterdam", 50), ("Rotterdam", 30), ("Utrecht", 20)]),
        new("Spain", 6, [("Madrid", 50), ("Barcelona", 35), ("Valencia", 15)]),
        new("Australia", 4, [("Sydney", 55), ("Melbourne", 45)]),
    ];

    // Acquisition channels.
    public const int Organic = 0, PaidSearch = 1, Social = 2, Email = 3, Referral = 4, Affiliate = 5, Display = 6;
    public static readonly string[] AcquisitionChannels = ["organic", "paid_search", "social", "email", "referral", "affiliate", "display"];

    /// <summary>Share of non-referral, non-campaign signups per channel (referral has its own rate).</summary>
    public static readonly double[] AcquisitionWeights = [36, 22, 17, 8, 0, 10, 7];

    /// <summary>Mean acquisition cost per customer and channel (referral: the referral bonus).</summary>
    public static readonly double[] AcquisitionCost = [0, 42, 26, 4, 12, 20, 16];

    /// <summary>Shift of the latent customer value by channel: referred customers are better, paid display and social a bit worse.</summary>
    public static readonly double[] ChannelValueShift = [0.10, 0.0, -0.15, 0.05, 0.30, -0.15, -0.20];

    /// <summary>Probability to never place an order, by acquisition channel.</summary>
    public static readonly double[] NeverBuyProbability = [0.13, 0.14, 0.19, 0.12, 0.07, 0.15, 0.20];

    // Campaign channels (indices into AcquisitionChannels).
    public static readonly int[] CampaignChannels = [Email, Social, PaidSearch, Affiliate, Display];
    public static readonly double[] CampaignChannelWeights = [35, 25, 22, 10, 8];

    /// <summary>Relative cost of a campaign day by channel (email is cheap).</summary>
    public static readonly double[] CampaignCostFactor = [0, 1.4, 1.0, 0.4, 0, 0.8, 1.2];

    /// <summary>Probability that an order placed while a campaign of this channel runs is attributed to it.</summary>
    public static readonly double[] CampaignTagProbability = [0, 0.28, 0.22, 0.35, 0, 0.18, 0.15];

    public static readonly string[] CampaignThemes =
    [
        "New Year Sale", "Valentine's Picks", "Spring Refresh", "Easter Deals", "Mother's Day", "Summer Kickoff",
        "Mid-Year Sale", "Back to School", "Autumn Collection", "Halloween Specials", "Black Friday", "Holiday Gift Guide",
    ];

    // Order sales channels.
    public static readonly string[] SalesChannels = ["web", "mobile_app", "store", "marketplace"];
    public static readonly double[] SalesChannelWeights = [45, 30, 15, 10];
    public const int StoreChannel = 2;

    /// <summary>Relative order volume per hour of day for online channels.</summary>
    public static readonly double[] OnlineHourWeights =
        [1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 5.5, 6.0, 6.0, 5.5, 5.5, 5.5, 6.0, 7.0, 8.0, 8.0, 7.0, 5.0, 2.5];

    /// <summary>Relative purchase intensity per calendar month (index 0 = January).</summary>
    public static readonly double[] MonthSeason = [0.78, 0.76, 0.90, 0.92, 0.95, 0.93, 0.90, 0.95, 0.92, 1.00, 1.65, 1.85];

    /// <summary>Relative acquisition intensity per calendar month.</summary>
    public static readonly double[] AcquisitionSeason = [1.15, 0.90, 0.95, 0.95, 0.95, 0.90, 0.90, 0.95, 1.00, 1.00, 1.30, 1.35];

    /// <summary>Relative purchase intensity per weekday (index 0 = Sunday).</summary>
    public static readonly double[] WeekdayFactor = [1.08, 1.02, 0.98, 0.97, 0.98, 0.95, 1.02];

    public static readonly string[] DiscountTexts = ["0", "0.05", "0.1", "0.15", "0.2", "0.25"];
}
