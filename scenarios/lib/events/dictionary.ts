// A small embedded dictionary for believable commerce data: ten markets with their currency, VAT,
// cities, street names, postal-code shapes and common names (with their diacritics, so UTF-8 is
// exercised end to end). A few KB instead of a Faker bundle per VU: see docs/scenarios.md.
// Email domains use the reserved example names (RFC 2606), so no generated address is deliverable.

export interface Market {
  country: string
  locale: string
  currency: string
  /** VAT or sales-tax rate applied to order subtotals. */
  taxRate: number
  phonePrefix: string
  /** Postal code shape: 9 = digit, A = capital letter, anything else literal. */
  postal: string
  /** Street line order: number before the street name (US, GB, FR) or after it. */
  numberFirst: boolean
  cities: string[]
  streets: string[]
  firstNames: string[]
  lastNames: string[]
}

export const MARKETS: Market[] = [
  {
    country: 'DE', locale: 'de-DE', currency: 'EUR', taxRate: 0.19, phonePrefix: '+49 15', postal: '99999', numberFirst: false,
    cities: ['Berlin', 'Hamburg', 'München', 'Köln', 'Leipzig', 'Freiburg im Breisgau'],
    streets: ['Lindenstraße', 'Hauptstraße', 'Schillerweg', 'Am Mühlbach', 'Goethestraße', 'Bahnhofstraße'],
    firstNames: ['Lukas', 'Jürgen', 'Anna', 'Lea', 'Maximilian', 'Sophie', 'Björn', 'Katharina'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weiß', 'Hoffmann', 'Becker', 'Krüger'],
  },
  {
    country: 'FR', locale: 'fr-FR', currency: 'EUR', taxRate: 0.2, phonePrefix: '+33 6', postal: '99999', numberFirst: true,
    cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nantes', 'Aix-en-Provence'],
    streets: ['rue de la République', 'avenue Victor Hugo', 'rue des Écoles', 'boulevard Voltaire', 'place du Marché'],
    firstNames: ['Camille', 'Léa', 'Hugo', 'Chloé', 'Théo', 'Manon', 'Éloïse', 'Julien'],
    lastNames: ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Fontaine', 'Rousseau'],
  },
  {
    country: 'NL', locale: 'nl-NL', currency: 'EUR', taxRate: 0.21, phonePrefix: '+31 6', postal: '9999 AA', numberFirst: false,
    cities: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Den Haag', 'Eindhoven', 'Groningen'],
    streets: ['Prinsengracht', 'Kerkstraat', 'Dorpsstraat', 'Molenweg', 'Stationsplein'],
    firstNames: ['Daan', 'Sanne', 'Bram', 'Fleur', 'Joris', 'Noor', 'Sem', 'Lotte'],
    lastNames: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer'],
  },
  {
    country: 'ES', locale: 'es-ES', currency: 'EUR', taxRate: 0.21, phonePrefix: '+34 6', postal: '99999', numberFirst: false,
    cities: ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Málaga', 'Bilbao'],
    streets: ['Calle Mayor', 'Avenida de la Constitución', 'Calle del Sol', 'Paseo de Gracia', 'Calle Alcalá'],
    firstNames: ['José', 'Lucía', 'Martín', 'Sofía', 'Álvaro', 'Paula', 'Íñigo', 'Carmen'],
    lastNames: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez'],
  },
  {
    country: 'IT', locale: 'it-IT', currency: 'EUR', taxRate: 0.22, phonePrefix: '+39 3', postal: '99999', numberFirst: false,
    cities: ['Roma', 'Milano', 'Napoli', 'Torino', 'Bologna', 'Firenze'],
    streets: ['Via Roma', 'Via Garibaldi', 'Corso Vittorio Emanuele', 'Via dei Mille', 'Piazza Duomo'],
    firstNames: ['Giulia', 'Lorenzo', 'Francesca', 'Matteo', 'Chiara', 'Niccolò', 'Sara', 'Andrea'],
    lastNames: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci'],
  },
  {
    country: 'SE', locale: 'sv-SE', currency: 'SEK', taxRate: 0.25, phonePrefix: '+46 70', postal: '999 99', numberFirst: false,
    cities: ['Stockholm', 'Göteborg', 'Malmö', 'Uppsala', 'Linköping', 'Umeå'],
    streets: ['Storgatan', 'Kungsgatan', 'Drottninggatan', 'Sjövägen', 'Skolgatan'],
    firstNames: ['Elsa', 'Oscar', 'Maja', 'Lars', 'Åsa', 'Björn', 'Ingrid', 'Nils'],
    lastNames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Löfgren', 'Ström', 'Larsson'],
  },
  {
    country: 'PL', locale: 'pl-PL', currency: 'PLN', taxRate: 0.23, phonePrefix: '+48 5', postal: '99-999', numberFirst: false,
    cities: ['Warszawa', 'Kraków', 'Łódź', 'Wrocław', 'Poznań', 'Gdańsk'],
    streets: ['ulica Długa', 'ulica Kwiatowa', 'aleja Niepodległości', 'ulica Polna', 'ulica Źródlana'],
    firstNames: ['Łukasz', 'Agnieszka', 'Piotr', 'Małgorzata', 'Michał', 'Zofia', 'Paweł', 'Katarzyna'],
    lastNames: ['Nowak', 'Kowalski', 'Wiśniewska', 'Wójcik', 'Kamiński', 'Lewandowska', 'Zieliński', 'Szymańska'],
  },
  {
    country: 'GB', locale: 'en-GB', currency: 'GBP', taxRate: 0.2, phonePrefix: '+44 7', postal: 'AA9 9AA', numberFirst: true,
    cities: ['London', 'Manchester', 'Bristol', 'Edinburgh', 'Leeds', 'Cardiff'],
    streets: ['High Street', 'Church Lane', 'Station Road', 'Victoria Road', 'Mill Lane'],
    firstNames: ['Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Siobhan', 'Rhys', 'Emily'],
    lastNames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'O’Brien', 'Davies', 'Evans'],
  },
  {
    country: 'US', locale: 'en-US', currency: 'USD', taxRate: 0.0725, phonePrefix: '+1 415', postal: '99999', numberFirst: true,
    cities: ['New York', 'Austin', 'Seattle', 'Chicago', 'Denver', 'San Francisco'],
    streets: ['Maple Street', 'Oak Avenue', 'Washington Boulevard', 'Pine Street', 'Sunset Drive'],
    firstNames: ['James', 'Olivia', 'Michael', 'Emma', 'Ethan', 'Ava', 'Daniel', 'Mia'],
    lastNames: ['Johnson', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Thomas', 'Moore', 'Jackson'],
  },
  {
    country: 'JP', locale: 'ja-JP', currency: 'JPY', taxRate: 0.1, phonePrefix: '+81 90', postal: '999-9999', numberFirst: false,
    cities: ['東京', '大阪', '京都', '横浜', '札幌', '福岡'],
    streets: ['中央1丁目', '桜町2丁目', '本町3丁目', '緑町4丁目', '港町5丁目'],
    firstNames: ['Haruto', 'Yui', 'Sota', 'Hina', 'Ren', 'Aoi', 'Yuto', 'Sakura'],
    lastNames: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura'],
  },
]

/** Decimal places of each currency's minor unit (JPY has none). */
export const CURRENCY_EXPONENT: Record<string, number> = { EUR: 2, SEK: 2, PLN: 2, GBP: 2, USD: 2, JPY: 0 }

/** Fixed conversion from the catalogue's EUR prices; a load test needs plausible, not live, rates. */
export const EUR_RATE: Record<string, number> = { EUR: 1, SEK: 11.4, PLN: 4.3, GBP: 0.85, USD: 1.08, JPY: 162 }

export const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example', 'post.example']

export const PRODUCT_CATEGORIES: { code: string; name: string; nouns: string[]; priceEur: [number, number] }[] = [
  { code: 'APP', name: 'apparel', nouns: ['T-Shirt', 'Hoodie', 'Rain Jacket', 'Wool Scarf', 'Chinos'], priceEur: [1500, 12000] },
  { code: 'SHO', name: 'shoes', nouns: ['Running Shoe', 'Trail Boot', 'Sneaker', 'Sandal'], priceEur: [3500, 18000] },
  { code: 'HOM', name: 'home', nouns: ['Mug', 'Throw Blanket', 'Desk Lamp', 'Cutting Board', 'Vase'], priceEur: [900, 9000] },
  { code: 'ELE', name: 'electronics', nouns: ['Headphones', 'USB-C Charger', 'Bluetooth Speaker', 'E-Reader'], priceEur: [1900, 24900] },
  { code: 'BEA', name: 'beauty', nouns: ['Face Cream', 'Shampoo', 'Lip Balm', 'Perfume'], priceEur: [500, 8500] },
  { code: 'OUT', name: 'outdoor', nouns: ['Tent', 'Sleeping Bag', 'Water Bottle', 'Headlamp'], priceEur: [1200, 29900] },
]

export const PRODUCT_ADJECTIVES = ['Classic', 'Organic', 'Recycled', 'Ultralight', 'Everyday', 'Premium', 'Nordic', 'Compact']
export const PRODUCT_COLOURS = ['Black', 'Sand', 'Forest Green', 'Navy', 'Rust', 'Off-White', 'Slate']

export const WAREHOUSES = ['WH-BER-1', 'WH-AMS-1', 'WH-MAD-2', 'WH-WAW-1', 'WH-LHR-3', 'WH-NJ-2']
export const CARRIERS: { name: string; trackingPrefix: string }[] = [
  { name: 'DHL', trackingPrefix: 'JD' },
  { name: 'UPS', trackingPrefix: '1Z' },
  { name: 'DPD', trackingPrefix: '05' },
  { name: 'PostNord', trackingPrefix: 'PN' },
  { name: 'Royal Mail', trackingPrefix: 'RM' },
  { name: 'Yamato', trackingPrefix: 'YT' },
]
export const PAYMENT_METHODS = ['card', 'card', 'card', 'paypal', 'klarna', 'apple_pay', 'sepa_debit']
export const CARD_BRANDS = ['visa', 'mastercard', 'amex']
export const CHANNELS = ['web', 'web', 'ios', 'android', 'marketplace']
export const CANCEL_REASONS = ['customer_request', 'payment_declined', 'out_of_stock', 'fraud_suspected', 'duplicate_order']
export const INVENTORY_REASONS = ['restock', 'restock', 'cycle_count', 'damaged', 'customer_return', 'shrinkage']

/** ASCII spellings for the letters the dictionary uses, for email local parts. */
const FOLD: Record<string, string> = {
  ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', é: 'e', è: 'e', ë: 'e', ï: 'i', í: 'i', á: 'a', à: 'a', å: 'a',
  ó: 'o', ñ: 'n', ł: 'l', ś: 's', ń: 'n', ź: 'z', ż: 'z', ą: 'a', ę: 'e', ć: 'c', ò: 'o', ù: 'u',
}

/** Lowercase ASCII for an email local part: folds the dictionary's accents, drops everything else. */
export function asciiFold(text: string): string {
  let out = ''
  for (const ch of text.toLowerCase()) {
    if (/[a-z0-9]/.test(ch)) out += ch
    else if (FOLD[ch] !== undefined) out += FOLD[ch]
  }
  return out
}
