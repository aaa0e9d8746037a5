export interface Site {
  id: string;
  organizationId: string;
  organizationName: string;
  name: string;
  addressLine: string | null;
  city: string | null;
  postalCode: string | null;
  country: string;
  timeZone: string;
  principalInvestigator: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}
