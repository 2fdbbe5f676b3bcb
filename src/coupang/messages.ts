/**
 * Every message the Coupang routes answer with, written exactly as Coupang's documents print
 * them (docs/contract.md). Where they only asks for a message "naming" a field, the wording is baesong's own
 * (`docs/decisions.md`). Rules and tests refer to these; nothing else spells them.
 */
export const gatewayMessages = {
  notAuthorized: 'Request is not authorized.',
  hmacFormat: 'HMAC format is invalid.',
  expired: 'Specified signature is expired.',
  invalidSignature: 'Invalid signature.',
  tooManyRequests: 'Too Many Requests',
  notFound: 'Not Found',
  methodNotAllowed: 'Method Not Allowed',
} as const;

/** Rules shared by outbound shipping places and return shipping centers. */
export const placeMessages = {
  success: 'SUCCESS',
  modified: 'Modify successfully',
  bodyNotObject: 'The request body must be a JSON object',
  nullParam: 'params are not allowed null...',
  invalidVendorId: 'Invalid vendor ID',
  vendorIdRequired: 'The vendorId is required',
  outboundVendorMismatch: "params's vendorId not equals gateway's vendorId!",
  returnVendorMismatch: "The vendorId in path or requestBody doesn't match the one got from api-gateway.",
  userIdRequired: 'The userId is required: the WING login ID of the vendor',
  userIdUnknown: (userId: string) => `The userId ${userId} is not a WING user of this vendor`,
  mustBeString: (field: string) => `The ${field} must be a string`,
  shippingPlaceNameRequired: 'The shippingPlaceName can not be empty',
  shippingPlaceNameTooLong:
    'The max length of the shipping place name is 50, please input the correct length name',
  placeAddressesRequired: "The address detail info can't be null(placeAddress)",
  placeAddressNotObject: (index: number) => `The placeAddresses[${index}] must be an object`,
  phoneRequired: 'Must input the default phone number(phoneNumber1)',
  phoneFormat: "Please input the correct phone number format including numbers and '-' (min 9, max 13)",
  zipRequired: "Post code can't be empty",
  zipNotDigits: 'The format of postal code is invalid, it can only be number',
  zipLength:
    'The format of postal code is invalid, it can only be number, min length is 5 and max length is 6',
  addressRequired: 'Must input the default address(address1)',
  tooLong: (field: string, max: number) => `The max length of ${field} is ${max}`,
  notBoolean: (field: string) => `The ${field} must be a boolean (true or false)`,
  roadnameNeedsJibun: '도로명 주소 등록 시, 반드시 지번 주소를 함께 등록해야합니다.',
  pageNum: 'The pageNum must be a whole number of at least 1',
  pageSize: 'The pageSize must be a whole number from 1 to 50',
} as const;

/** Rules of outbound shipping places only. */
export const outboundMessages = {
  addressType: (value: string) => `The addressType ${value} is invalid: use JIBUN, ROADNAME or OVERSEA`,
  overseaNeedsGlobal: 'An OVERSEA address needs global true',
  domesticNeedsNotGlobal: 'A JIBUN or ROADNAME address needs global false',
  globalUnchangeable: 'The global of an outbound shipping place can not be changed',
  countryCode: 'The length of country code is 2, please input correct length country code',
  remoteInfosNotArray: 'The remoteInfos must be an array',
  remoteInfoNotObject: (index: number) => `The remoteInfos[${index}] must be an object`,
  deliveryCodeRequired: (index: number) => `The deliveryCode of remoteInfos[${index}] is required`,
  deliveryCodeUnknown: (code: string) => `The deliveryCode ${code} is not a Coupang courier code`,
  remoteInfoIdUnknown: (id: string) =>
    `The remoteInfoId ${id} is not an entry of this outbound shipping place`,
  remoteInfoIdTwice: (id: string) => `The remoteInfoId ${id} is given twice`,
  feeNotNumber: (field: 'jeju' | 'notJeju', index: number) =>
    `The ${field} of remoteInfos[${index}] is required and must be a number`,
  deliveryCodeTwice: (code: string) => `The deliveryCode ${code} can not be registered twice in remoteInfos`,
  epostFee: '배송비는 0원, 100원 이상 400원 이하만 가능합니다.',
  fee: '배송비는 0원, 1000원 이상 20000원 이하만 가능합니다.',
  duplicateName: (name: string) => `[출고지중복] Duplicated request. name:${name}`,
  duplicateAddress: (code: number) =>
    `[출고지중복] 이미 등록된 주소지명이 있습니다 (중복 주소지 코드:${code})`,
  placeCodeMismatch: (given: string, path: string) =>
    `The outboundShippingPlaceCode ${given} of the body does not match ${path} of the path`,
  placeCodeUnknown: (code: string) => `The outboundShippingPlaceCode ${code} is not a place of this vendor`,
  placeCodesInvalid: (value: string) => `The placeCodes must be numbers separated by commas: ${value}`,
} as const;

/** Rules of return shipping centers only. */
export const returnMessages = {
  goodsflowRequired: 'The goodsflowInfoOpenApiDto is required: the return courier, its contract and its fees',
  goodsflowNotObject: (field: string) => `The ${field} must be an object`,
  deliverCodeRequired: 'The deliverCode of goodsflowInfoOpenApiDto is required',
  contractNumberRequired: 'The contractNumber of goodsflowInfoOpenApiDto is required',
  deliverCodeNotReturnCourier: (code: string) =>
    `The deliverCode ${code} can not take return shipping: only HYUNDAI, KGB, EPOST, HANJIN, CJGLS and ILYANG can`,
  fee: (field: string) => `The ${field} is required and must be a whole number of won greater than 0`,
  addressType: (value: string) => `The addressType ${value} is invalid: use JIBUN or ROADNAME`,
  registeredAlready: 'Registered service request info already exists.',
  duplicateName: (code: string) =>
    `[Duplicate Shipping Location] The address name is already registered (Duplicate address code: ${code}).`,
  duplicateAddress: (name: string) => `[Duplicate shipping location] Duplicated request. name:${name}`,
  serverError: 'Server error (unknown/new error)',
  createError: 'shipping-places create error.',
  contractUnconfirmed: 'It has been registered, but contract confirmation has failed.',
  centerCodeRequired: 'The returnCenterCode is required',
  centerCodeMismatch: (given: string, path: string) =>
    `The returnCenterCode ${given} of the body does not match ${path} of the path`,
  centerCodeUnknown: (code: string) => `The returnCenterCode ${code} is not a return center of this vendor`,
  unchangeable: (field: string) =>
    `The ${field} of a return center can not be changed: create a new return center instead`,
  centerCodesRequired: 'The returnCenterCodes is required: return center codes separated by commas',
  centerCodesTooMany: (count: number) => `The returnCenterCodes can hold at most 100 codes, not ${count}`,
} as const;
