/**
 * Word lists for synthetic tumour pages. Names are combinations of a modifier, a site and a
 * histology; they read like tumour names but are not medical facts.
 */
export const modifiers = [
  'Clear cell',
  'Papillary',
  'Mucinous',
  'Small cell',
  'Spindle cell',
  'Epithelioid',
  'Sclerosing',
  'Myxoid',
  'Pleomorphic',
  'Low-grade',
  'High-grade',
  'Juvenile',
  'Adult-type',
  'Desmoplastic',
  'Fibrolamellar',
  'Signet ring',
  'Serous',
  'Endometrioid',
  'Adenoid cystic',
  'Acinar',
  'Medullary',
  'Tubular',
  'Lobular',
  'Micropapillary',
  'Undifferentiated',
] as const

export interface Site {
  /** As an adjective in a name: "renal". */
  adjective: string
  /** As a place in a sentence: "the kidney". */
  place: string
  system: string
}

export const sites: readonly Site[] = [
  {adjective: 'renal', place: 'the kidney', system: 'Urological cancer'},
  {adjective: 'thyroid', place: 'the thyroid gland', system: 'Endocrine cancer'},
  {adjective: 'ovarian', place: 'the ovary', system: 'Gynaecological cancer'},
  {adjective: 'pancreatic', place: 'the pancreas', system: 'Digestive system cancer'},
  {adjective: 'gastric', place: 'the stomach', system: 'Digestive system cancer'},
  {adjective: 'bladder', place: 'the bladder', system: 'Urological cancer'},
  {adjective: 'prostatic', place: 'the prostate', system: 'Urological cancer'},
  {adjective: 'pulmonary', place: 'the lung', system: 'Thoracic cancer'},
  {adjective: 'hepatic', place: 'the liver', system: 'Digestive system cancer'},
  {adjective: 'mammary', place: 'the breast', system: 'Breast cancer'},
  {adjective: 'salivary', place: 'a salivary gland', system: 'Head and neck cancer'},
  {adjective: 'cutaneous', place: 'the skin', system: 'Skin cancer'},
  {adjective: 'osseous', place: 'a bone', system: 'Bone sarcoma'},
  {adjective: 'soft tissue', place: 'the soft tissues', system: 'Soft tissue sarcoma'},
  {adjective: 'uterine', place: 'the womb', system: 'Gynaecological cancer'},
  {adjective: 'cervical', place: 'the cervix', system: 'Gynaecological cancer'},
  {adjective: 'oesophageal', place: 'the oesophagus', system: 'Digestive system cancer'},
  {adjective: 'colorectal', place: 'the large bowel', system: 'Digestive system cancer'},
  {adjective: 'testicular', place: 'a testicle', system: 'Urological cancer'},
  {adjective: 'adrenal', place: 'an adrenal gland', system: 'Endocrine cancer'},
  {adjective: 'thymic', place: 'the thymus', system: 'Thoracic cancer'},
  {adjective: 'nasopharyngeal', place: 'the nasopharynx', system: 'Head and neck cancer'},
  {adjective: 'laryngeal', place: 'the voice box', system: 'Head and neck cancer'},
  {adjective: 'biliary', place: 'the bile ducts', system: 'Digestive system cancer'},
  {adjective: 'appendiceal', place: 'the appendix', system: 'Digestive system cancer'},
  {adjective: 'anal', place: 'the anal canal', system: 'Digestive system cancer'},
  {adjective: 'vulvar', place: 'the vulva', system: 'Gynaecological cancer'},
  {adjective: 'penile', place: 'the penis', system: 'Urological cancer'},
  {adjective: 'retinal', place: 'the retina', system: 'Eye cancer'},
  {adjective: 'meningeal', place: 'the meninges', system: 'Brain and spinal cord tumour'},
  {adjective: 'spinal', place: 'the spinal cord', system: 'Brain and spinal cord tumour'},
  {adjective: 'pleural', place: 'the pleura', system: 'Thoracic cancer'},
  {adjective: 'peritoneal', place: 'the peritoneum', system: 'Digestive system cancer'},
  {adjective: 'duodenal', place: 'the duodenum', system: 'Digestive system cancer'},
  {adjective: 'orbital', place: 'the eye socket', system: 'Eye cancer'},
]

export const histologies = [
  'carcinoma',
  'adenocarcinoma',
  'sarcoma',
  'neuroendocrine tumour',
  'lymphoma',
  'blastoma',
  'germ cell tumour',
  'mesothelioma',
  'melanoma',
  'stromal tumour',
  'squamous cell carcinoma',
  'cystadenocarcinoma',
  'leiomyosarcoma',
  'liposarcoma',
  'angiosarcoma',
  'chondrosarcoma',
  'schwannoma',
  'paraganglioma',
  'glioma',
  'myeloma',
] as const

export const genes = [
  'BRAF',
  'KRAS',
  'EGFR',
  'ALK',
  'ROS1',
  'NTRK1',
  'ERBB2',
  'BRCA1',
  'BRCA2',
  'TP53',
  'KIT',
  'PDGFRA',
  'MDM2',
  'CDK4',
  'IDH1',
  'MET',
  'RET',
  'PIK3CA',
  'FGFR2',
  'MYC',
  'SMARCB1',
] as const

export const treatments = [
  'surgery',
  'radiotherapy',
  'chemotherapy',
  'targeted therapy',
  'immunotherapy with checkpoint inhibitors',
  'hormone therapy',
  'active surveillance',
  'a clinical trial',
] as const

export const frequencyWords = ['rare', 'uncommon', 'very rare', 'slow-growing', 'aggressive']

/** Sentences per kind of section; `{name}`, `{place}`, `{histology}`, `{gene}`, `{treatment}` are filled in. */
export const sentenceBank: Record<string, readonly string[]> = {
  overview: [
    '{name} is a {frequency} {histology} that starts in {place}.',
    'It is most often diagnosed in adults, although it can occur at any age.',
    'Doctors group it with other tumours of {place} because they behave in similar ways.',
    'Many people have no symptoms at first, so it is often found during tests for something else.',
    'Some of these tumours carry a change in the {gene} gene, which can guide treatment.',
    'The outlook depends on the size of the tumour and whether it has spread.',
  ],
  location: [
    'It usually starts in {place}, but it can spread to nearby lymph nodes.',
    'Where it starts in {place} affects which symptoms appear first.',
    'When it spreads, it most often reaches the lungs, the liver or the bones.',
    'A small number of cases start outside {place}, in tissue of the same kind.',
  ],
  symptoms: [
    'The first sign is often a lump or swelling that slowly gets bigger.',
    'Pain, tiredness and weight loss without trying can also occur.',
    'Symptoms depend on where the tumour grows and what it presses on.',
    'Many of these symptoms have other, more common causes.',
    'See a doctor if a symptom lasts more than a few weeks.',
  ],
  diagnosis: [
    'Doctors use scans such as ultrasound, CT or MRI to see the tumour.',
    'A biopsy takes a small sample of tissue so that a pathologist can examine it.',
    'Tests on the tumour tissue can look for a change in the {gene} gene.',
    'Staging describes how far the tumour has grown and whether it has spread.',
    'A specialist team reviews the results before treatment is planned.',
  ],
  treatment: [
    'The main treatment is often {treatment}.',
    'Treatment may also include {treatment}, depending on the stage.',
    'Tumours with a change in the {gene} gene may respond to targeted therapy.',
    'A team of specialists plans treatment together with the patient.',
    'Follow-up visits check for signs that the tumour has come back.',
  ],
  outlook: [
    'The outlook is better when the tumour is found early and can be removed completely.',
    'Survival figures are averages and cannot predict what will happen to one person.',
    'Newer treatments have improved results for many people with advanced disease.',
    'Regular follow-up helps to find a recurrence early.',
  ],
  other: [
    'Research into {histology} is ongoing, and clinical trials test new treatments.',
    'Support from specialist nurses and patient groups can help during treatment.',
    'Genetic counselling may be offered when a family history suggests an inherited risk.',
    'Living with a rare tumour can be hard, and help is available.',
  ],
}

export const listItemBank = [
  'a lump that gets bigger',
  'pain that does not go away',
  'unexplained weight loss',
  'tiredness that lasts for weeks',
  'a change in appetite',
  'swelling near {place}',
  'a test for changes in the {gene} gene',
  'a scan to check for spread',
  'a biopsy of the tumour',
  'a discussion with the specialist team',
]

export const otherHeadings = [
  'Genetics',
  'Living with it',
  'Research',
  'Risk factors',
  'Support',
] as const

export const firstNames = [
  'Amira',
  'Jonas',
  'Li',
  'Sofia',
  'Kwame',
  'Ingrid',
  'Rahul',
  'Mei',
  'Tomás',
  'Fatima',
  'Olu',
  'Hana',
  'Pieter',
  'Leila',
  'Mateo',
  'Yuki',
] as const

export const lastNames = [
  'Haddad',
  'Weber',
  'Chen',
  'Márquez',
  'Mensah',
  'Lindqvist',
  'Iyer',
  'Tanaka',
  'Novak',
  'Okafor',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Nakamura',
] as const

export interface Publisher {
  key: string
  name: string
  license?: string
  licenseUrl?: string
  /** Builds the address of a page about a topic. */
  url: (topic: string, n: number) => string
  title: (topic: string) => string
  wikipedia?: boolean
  withAuthors?: boolean
}

const underscored = (topic: string) => topic.replace(/ /g, '_')
const dashed = (topic: string) => topic.toLowerCase().replace(/[^a-z0-9]+/g, '-')

export const publishers: readonly Publisher[] = [
  {
    key: 'wikipedia',
    name: 'Wikipedia',
    license: 'CC BY-SA 4.0',
    licenseUrl: 'https://creativecommons.org/licenses/by-sa/4.0/',
    url: (topic) => `https://en.wikipedia.org/wiki/${encodeURIComponent(underscored(topic))}`,
    title: (topic) => topic,
    wikipedia: true,
  },
  {
    key: 'nci',
    name: 'National Cancer Institute',
    license: 'Public domain (U.S. government work)',
    licenseUrl: 'https://www.cancer.gov/policies/copyright-reuse',
    url: (topic) => `https://www.cancer.gov/types/${dashed(topic)}/patient/treatment-pdq`,
    title: (topic) => `${topic} Treatment (PDQ®)–Patient Version`,
  },
  {
    key: 'cruk',
    name: 'Cancer Research UK',
    url: (topic) => `https://www.cancerresearchuk.org/about-cancer/${dashed(topic)}`,
    title: (topic) => `${topic}: about the cancer`,
  },
  {
    key: 'esmo',
    name: 'European Society for Medical Oncology',
    url: (topic, n) => `https://www.esmo.org/guidelines/${dashed(topic)}-${n}`,
    title: (topic) => `${topic}: ESMO Clinical Practice Guideline`,
    withAuthors: true,
  },
  {
    key: 'journal',
    name: 'Journal of Clinical Oncology',
    url: (_topic, n) => `https://doi.org/10.1200/JCO.${2018 + (n % 8)}.${10000 + n}`,
    title: (topic) => `Molecular profiling in ${topic.toLowerCase()}: a cohort study`,
    withAuthors: true,
  },
]
