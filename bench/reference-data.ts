/**
 * Names and places the generator draws from. Cities carry their real IANA time zone, since
 * a site's time zone decides when its visits fall due and must be a zone the API accepts.
 */
export interface Country {
  code: string;
  /** Share of the world's sites: trials cluster in the US and western Europe. */
  weight: number;
  cities: readonly (readonly [city: string, timeZone: string, postalCode: string])[];
}

export const countries: readonly Country[] = [
  {
    code: 'US',
    weight: 30,
    cities: [
      ['Boston', 'America/New_York', '02114'],
      ['New York', 'America/New_York', '10016'],
      ['Philadelphia', 'America/New_York', '19104'],
      ['Chicago', 'America/Chicago', '60611'],
      ['Houston', 'America/Chicago', '77030'],
      ['Denver', 'America/Denver', '80045'],
      ['Phoenix', 'America/Phoenix', '85006'],
      ['Los Angeles', 'America/Los_Angeles', '90095'],
      ['Seattle', 'America/Los_Angeles', '98195'],
    ],
  },
  {
    code: 'CA',
    weight: 5,
    cities: [
      ['Toronto', 'America/Toronto', 'M5G 2C4'],
      ['Montreal', 'America/Toronto', 'H3A 0G4'],
      ['Vancouver', 'America/Vancouver', 'V5Z 1M9'],
      ['Calgary', 'America/Edmonton', 'T2N 2T9'],
    ],
  },
  {
    code: 'GB',
    weight: 7,
    cities: [
      ['London', 'Europe/London', 'WC1E 6BT'],
      ['Manchester', 'Europe/London', 'M13 9WL'],
      ['Edinburgh', 'Europe/London', 'EH16 4SA'],
    ],
  },
  {
    code: 'DE',
    weight: 8,
    cities: [
      ['Berlin', 'Europe/Berlin', '10117'],
      ['Heidelberg', 'Europe/Berlin', '69120'],
      ['Munich', 'Europe/Berlin', '81377'],
      ['Hamburg', 'Europe/Berlin', '20251'],
    ],
  },
  {
    code: 'FR',
    weight: 6,
    cities: [
      ['Paris', 'Europe/Paris', '75013'],
      ['Lyon', 'Europe/Paris', '69003'],
      ['Marseille', 'Europe/Paris', '13005'],
    ],
  },
  {
    code: 'ES',
    weight: 5,
    cities: [
      ['Madrid', 'Europe/Madrid', '28034'],
      ['Barcelona', 'Europe/Madrid', '08036'],
      ['Valencia', 'Europe/Madrid', '46026'],
    ],
  },
  {
    code: 'IT',
    weight: 5,
    cities: [
      ['Milan', 'Europe/Rome', '20122'],
      ['Rome', 'Europe/Rome', '00168'],
      ['Bologna', 'Europe/Rome', '40138'],
    ],
  },
  {
    code: 'NL',
    weight: 3,
    cities: [
      ['Amsterdam', 'Europe/Amsterdam', '1105 AZ'],
      ['Rotterdam', 'Europe/Amsterdam', '3015 GD'],
      ['Utrecht', 'Europe/Amsterdam', '3584 CX'],
    ],
  },
  {
    code: 'PL',
    weight: 4,
    cities: [
      ['Warsaw', 'Europe/Warsaw', '02-097'],
      ['Krakow', 'Europe/Warsaw', '31-501'],
      ['Gdansk', 'Europe/Warsaw', '80-214'],
    ],
  },
  {
    code: 'JP',
    weight: 5,
    cities: [
      ['Tokyo', 'Asia/Tokyo', '104-0045'],
      ['Osaka', 'Asia/Tokyo', '565-0871'],
      ['Nagoya', 'Asia/Tokyo', '466-8560'],
    ],
  },
  {
    code: 'KR',
    weight: 4,
    cities: [
      ['Seoul', 'Asia/Seoul', '03080'],
      ['Busan', 'Asia/Seoul', '49241'],
    ],
  },
  {
    code: 'AU',
    weight: 4,
    cities: [
      ['Sydney', 'Australia/Sydney', '2050'],
      ['Melbourne', 'Australia/Melbourne', '3000'],
      ['Brisbane', 'Australia/Brisbane', '4029'],
      ['Perth', 'Australia/Perth', '6009'],
    ],
  },
  {
    code: 'BR',
    weight: 4,
    cities: [
      ['Sao Paulo', 'America/Sao_Paulo', '05403-000'],
      ['Rio de Janeiro', 'America/Sao_Paulo', '20231-050'],
      ['Porto Alegre', 'America/Sao_Paulo', '90035-903'],
    ],
  },
  {
    code: 'IN',
    weight: 3,
    cities: [
      ['Mumbai', 'Asia/Kolkata', '400012'],
      ['Bangalore', 'Asia/Kolkata', '560029'],
      ['New Delhi', 'Asia/Kolkata', '110029'],
    ],
  },
  {
    code: 'ZA',
    weight: 2,
    cities: [
      ['Johannesburg', 'Africa/Johannesburg', '2193'],
      ['Cape Town', 'Africa/Johannesburg', '7925'],
    ],
  },
];

export const siteKinds = [
  'University Hospital',
  'Medical Center',
  'Clinical Research Unit',
  'Cancer Center',
  'Heart Institute',
  'Research Clinic',
  'General Hospital',
  "Children's Hospital",
] as const;

export const firstNames = [
  'Anna',
  'Ben',
  'Carla',
  'David',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kavya',
  'Lucas',
  'Maria',
  'Noah',
  'Olga',
  'Pedro',
  'Qing',
  'Rosa',
  'Samir',
  'Tanja',
  'Uma',
  'Victor',
  'Wei',
  'Yusuf',
  'Zofia',
] as const;

export const lastNames = [
  'Almeida',
  'Becker',
  'Chen',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Hoffmann',
  'Ito',
  'Jansen',
  'Kowalski',
  'Lopez',
  'Muller',
  'Nakamura',
  'Okafor',
  'Patel',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Usman',
  'Van Dijk',
  'Walker',
  'Yilmaz',
  'Zhang',
] as const;

export const therapeuticAreas: readonly (readonly [area: string, indications: readonly string[]])[] = [
  ['Oncology', ['Non-small cell lung cancer', 'Metastatic breast cancer', 'Multiple myeloma', 'Melanoma', 'Diffuse large B-cell lymphoma']],
  ['Cardiology', ['Heart failure with reduced ejection fraction', 'Atrial fibrillation', 'Hypertension']],
  ['Neurology', ["Alzheimer's disease", "Parkinson's disease", 'Multiple sclerosis', 'Migraine']],
  ['Immunology', ['Rheumatoid arthritis', 'Psoriasis', "Crohn's disease", 'Atopic dermatitis']],
  ['Metabolism', ['Type 2 diabetes', 'Obesity', 'NASH']],
  ['Infectious disease', ['RSV in older adults', 'Chronic hepatitis B', 'Influenza']],
  ['Ophthalmology', ['Wet age-related macular degeneration', 'Glaucoma']],
];

export const companyWords = [
  'Astra',
  'Boreal',
  'Cedar',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Helix',
  'Iris',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nova',
  'Orion',
  'Pioneer',
  'Quartz',
  'Riverton',
  'Sierra',
  'Tidal',
  'Unity',
  'Vantage',
  'Willow',
  'Zenith',
] as const;
