/**
 * Name material for the demo country. Family names carry rough real-world weights (per cent of
 * the population) so that a list of citizens looks like one: about one in five is a Kim.
 * Romanisation follows the forms people commonly use in passports (Kim, Lee, Park...).
 */
export const FAMILY_NAMES: readonly (readonly [readonly [string, string], number])[] = [
  [['김', 'Kim'], 21.5],
  [['이', 'Lee'], 14.7],
  [['박', 'Park'], 8.4],
  [['최', 'Choi'], 4.7],
  [['정', 'Jung'], 4.3],
  [['강', 'Kang'], 2.4],
  [['조', 'Cho'], 2.1],
  [['윤', 'Yoon'], 2.1],
  [['장', 'Jang'], 2.0],
  [['임', 'Lim'], 1.7],
  [['한', 'Han'], 1.5],
  [['오', 'Oh'], 1.5],
  [['서', 'Seo'], 1.5],
  [['신', 'Shin'], 1.5],
  [['권', 'Kwon'], 1.4],
  [['황', 'Hwang'], 1.4],
  [['안', 'Ahn'], 1.4],
  [['송', 'Song'], 1.3],
  [['전', 'Jeon'], 1.1],
  [['홍', 'Hong'], 1.1],
  [['유', 'Yoo'], 1.1],
  [['고', 'Ko'], 0.9],
  [['문', 'Moon'], 0.9],
  [['양', 'Yang'], 0.9],
  [['손', 'Son'], 0.9],
  [['배', 'Bae'], 0.8],
  [['백', 'Baek'], 0.8],
  [['허', 'Heo'], 0.6],
  [['남', 'Nam'], 0.6],
  [['노', 'Noh'], 0.4],
];

type Given = readonly [string, string];

/** Given names popular for people born since about 1990. */
export const GIVEN_NAMES_YOUNGER: Record<'male' | 'female', readonly Given[]> = {
  male: [
    ['민준', 'Min-jun'], ['서준', 'Seo-jun'], ['도윤', 'Do-yun'], ['예준', 'Ye-jun'], ['시우', 'Si-woo'],
    ['하준', 'Ha-jun'], ['주원', 'Ju-won'], ['지호', 'Ji-ho'], ['지후', 'Ji-hu'], ['준우', 'Jun-woo'],
    ['현우', 'Hyun-woo'], ['준서', 'Jun-seo'], ['도현', 'Do-hyun'], ['건우', 'Geon-woo'], ['우진', 'Woo-jin'],
    ['선우', 'Sun-woo'], ['서진', 'Seo-jin'], ['민재', 'Min-jae'], ['현준', 'Hyun-jun'], ['연우', 'Yeon-woo'],
    ['유준', 'Yu-jun'], ['정우', 'Jung-woo'], ['승우', 'Seung-woo'], ['시윤', 'Si-yun'], ['준혁', 'Jun-hyuk'],
  ],
  female: [
    ['서연', 'Seo-yeon'], ['서윤', 'Seo-yun'], ['지우', 'Ji-woo'], ['서현', 'Seo-hyun'], ['민서', 'Min-seo'],
    ['하은', 'Ha-eun'], ['하윤', 'Ha-yun'], ['윤서', 'Yun-seo'], ['지유', 'Ji-yu'], ['지민', 'Ji-min'],
    ['채원', 'Chae-won'], ['수아', 'Su-a'], ['지아', 'Ji-a'], ['지윤', 'Ji-yun'], ['다은', 'Da-eun'],
    ['은서', 'Eun-seo'], ['예은', 'Ye-eun'], ['수빈', 'Su-bin'], ['소율', 'So-yul'], ['예린', 'Ye-rin'],
    ['유진', 'Yu-jin'], ['민지', 'Min-ji'], ['가은', 'Ga-eun'], ['나연', 'Na-yeon'], ['채은', 'Chae-eun'],
  ],
};

/** Given names common among people born before about 1990. */
export const GIVEN_NAMES_OLDER: Record<'male' | 'female', readonly Given[]> = {
  male: [
    ['영수', 'Young-soo'], ['영호', 'Young-ho'], ['성민', 'Sung-min'], ['동현', 'Dong-hyun'], ['상훈', 'Sang-hoon'],
    ['정호', 'Jung-ho'], ['재현', 'Jae-hyun'], ['성호', 'Sung-ho'], ['광수', 'Kwang-soo'], ['진우', 'Jin-woo'],
    ['태현', 'Tae-hyun'], ['종민', 'Jong-min'], ['철수', 'Chul-soo'], ['민호', 'Min-ho'], ['상철', 'Sang-chul'],
    ['준호', 'Jun-ho'], ['병철', 'Byung-chul'], ['재훈', 'Jae-hoon'], ['기현', 'Ki-hyun'], ['승호', 'Seung-ho'],
  ],
  female: [
    ['영희', 'Young-hee'], ['미영', 'Mi-young'], ['은정', 'Eun-jung'], ['수진', 'Su-jin'], ['지영', 'Ji-young'],
    ['현정', 'Hyun-jung'], ['미경', 'Mi-kyung'], ['정희', 'Jung-hee'], ['혜진', 'Hye-jin'], ['은영', 'Eun-young'],
    ['선영', 'Sun-young'], ['경숙', 'Kyung-sook'], ['순자', 'Soon-ja'], ['미숙', 'Mi-sook'], ['정숙', 'Jung-sook'],
    ['혜영', 'Hye-young'], ['숙자', 'Sook-ja'], ['명숙', 'Myung-sook'], ['은주', 'Eun-ju'], ['소영', 'So-young'],
  ],
};

/** Roads of the demo towns: [Korean, romanised]. The suffix -ro is a main road, -gil a street. */
export const ROAD_NAMES: readonly (readonly [string, string])[] = [
  ['중앙로', 'Jungang-ro'], ['시청로', 'Sicheong-ro'], ['대학로', 'Daehak-ro'], ['문화로', 'Munhwa-ro'],
  ['평화로', 'Pyeonghwa-ro'], ['희망로', 'Huimang-ro'], ['강변로', 'Gangbyeon-ro'], ['공원로', 'Gongwon-ro'],
  ['역전로', 'Yeokjeon-ro'], ['해오름로', 'Haeoreum-ro'], ['솔밭길', 'Solbat-gil'], ['벚꽃길', 'Beotkkot-gil'],
  ['시장길', 'Sijang-gil'], ['향교길', 'Hyanggyo-gil'], ['은행나무길', 'Eunhaengnamu-gil'], ['새싹로', 'Saessak-ro'],
];

/** Company name parts: [Korean, English]. */
export const COMPANY_STEMS: readonly (readonly [string, string])[] = [
  ['한빛', 'Hanbit'], ['누리', 'Nuri'], ['가온', 'Gaon'], ['새벽', 'Saebyeok'], ['푸른', 'Pureun'],
  ['미래', 'Mirae'], ['청솔', 'Cheongsol'], ['다온', 'Daon'], ['하늘', 'Haneul'], ['바른', 'Bareun'],
  ['든든', 'Deundeun'], ['햇살', 'Haetsal'], ['온누리', 'Onnuri'], ['참', 'Cham'], ['으뜸', 'Eutteum'],
  ['대들보', 'Daedeulbo'], ['한결', 'Hangyeol'], ['마루', 'Maru'], ['솔내', 'Sollae'], ['별빛', 'Byeolbit'],
];

export const COMPANY_TRADES: readonly (readonly [string, string])[] = [
  ['건설', 'Construction'], ['정보기술', 'Information Technology'], ['소프트', 'Soft'], ['엔지니어링', 'Engineering'],
  ['물산', 'Trading'], ['산업', 'Industries'], ['테크', 'Tech'], ['푸드', 'Foods'], ['의료기기', 'Medical Devices'],
  ['디자인', 'Design'], ['컨설팅', 'Consulting'], ['환경', 'Environmental'], ['에너지', 'Energy'], ['통신', 'Telecom'],
  ['교육', 'Education'], ['인쇄', 'Printing'], ['조경', 'Landscaping'], ['전기', 'Electric'], ['시스템즈', 'Systems'],
];
